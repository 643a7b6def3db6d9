"""Writes the golden .npy files NpyGoldenTest reads back: run `python3 make_golden.py` here (NumPy >= 1.17).

Each array's value at flat index k is a known function of k, so the Java test checks every value."""
import numpy as np

k6 = np.arange(6)
np.save("f64_2x3.npy", (k6 * 0.5 - 1.0).reshape(2, 3).astype("<f8"))
np.save("f32_3x2.npy", (k6 / 4.0).reshape(3, 2).astype("<f4"))
np.save("f64_big_endian_2x3.npy", (k6 * 0.5 - 1.0).reshape(2, 3).astype(">f8"))
np.save("i64_labels_5.npy", np.array([0, 2, 1, 2, 0], dtype="<i8"))
np.save("i32_labels_5.npy", np.array([0, 2, 1, 2, 0], dtype="<i4"))
np.save("u8_2x3.npy", (k6 * 51).reshape(2, 3).astype("u1"))
np.save("f64_fortran_2x3.npy", np.asfortranarray((k6 * 0.5 - 1.0).reshape(2, 3)))
print("numpy", np.__version__)
