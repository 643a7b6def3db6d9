package org.wideneck.app.config;

import java.io.Serializable;
import java.util.Map;

/**
 * The validated settings of one {@code submit/predict}: built only by {@link ConfigLoader#predict}.
 *
 * @param format      how DATA is read: npy, or a Spark format (parquet, csv, json, orc, libsvm, …)
 * @param featuresCol the features column of a Spark source ("*": every numeric column but idCol)
 * @param idCol       a column carried to the predictions, or null
 * @param threads     threads per task, 0 = the task's cores
 */
public record PredictConfig(String format, String featuresCol, String idCol, Map<String, String> options, int threads, String master,
                            Map<String, String> sparkConf) implements Serializable {


}
