package org.wideneck.core.run;

import java.io.IOException;
import java.io.Serializable;
import org.wideneck.core.trained.TrainedModel;

/**
 * Where a finished run's {@link TrainedModel} goes (implemented by the application on its file system).
 * Serializable: a sweep's runs execute on Spark executors, which save their own models.
 */
public interface ModelSink extends Serializable {
    /** Saves the model of the plan's run; returns where it went (for run.json). */
    String save(RunPlan plan, TrainedModel model) throws IOException;
}
