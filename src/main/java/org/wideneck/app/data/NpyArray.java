package org.wideneck.app.data;

/** An array read from a NumPy {@code .npy} file: its shape, dtype, and values (as doubles, C order). */
public record NpyArray(int[] shape, String dtype, double[] values) {
    public int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Columns of a 2-D array, 1 for a 1-D one. */
    public int cols() {
        return shape.length < 2 ? 1 : shape[1];
    }

    public boolean integral() {
        return dtype.contains("i") || dtype.contains("u") || dtype.contains("b");
    }

    public String shapeString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
