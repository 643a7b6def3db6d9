package org.wideneck.app.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.wideneck.app.data.InputTransform;

/**
 * What a saved model needs besides its {@code TrainedModel}, shared by the runs of a sweep: what was done to
 * the inputs (so new points get the same), the original class label of each output (classification; null
 * for regression), where the data came from, and the provenance of the sweep that made it.
 *
 * @param classLabels the class label output k stands for (data.classes in order, else 0..dr−1); null for regression
 * @param provenance  wideneck's version and commit, the data source, the input files' SHA-256 (strings and numbers only)
 */
public record ModelInfo(int d0, int dr, InputTransform transform, List<Integer> classLabels, Map<String, Object> provenance)
        implements Serializable {
    public ModelInfo {
        classLabels = classLabels == null ? null : List.copyOf(classLabels);
        provenance = Map.copyOf(provenance);
    }

    public boolean classification() {
        return classLabels != null;
    }
}
