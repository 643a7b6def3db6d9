#!/usr/bin/env python3
"""A plain NumPy implementation of SPEC §4 (SGD in function space at a finite bottleneck), for timing
wideneck against the form a researcher would write first. Not part of the build.

It uses the touched-point dual form of SPEC §4: g_t(ξ) = g_0(ξ) − μ Σ_j Θ(ξ, ξ_j) A_j over the training
points drawn so far, g_0 only at the points that are needed, the history (x_h, χ_h) for f_t and J_tᵀχ.

  python3 docs/peer/numpy_sgd.py mnist  N=60000 steps=1500 d=100 n=10000 B=20 mu=3 eval=100 [threads=2]
  python3 docs/peer/numpy_sgd.py check  DIR   (full-batch run on DIR/{train-x,train-y}.npy with the weights
                                                in DIR/{W1,W2,U,V}.npy; prints the train loss per step)
"""
import os, sys, time


def args(argv):
    kv = dict(a.split('=', 1) for a in argv)
    return kv


kv = args(sys.argv[2:] if len(sys.argv) > 2 and sys.argv[1] == 'mnist' else sys.argv[3:])
os.environ.setdefault('OPENBLAS_NUM_THREADS', kv.get('threads', '2'))
import numpy as np  # noqa: E402

TWO_PI = 2 * np.pi


def kernel(X, Y, nx, ny, m, coeffs=False):
    """K (m-dim NTK of one ReLU layer, SPEC §2) of every pair, and α, β of Ξ = α·y + β·x when asked."""
    a = (nx / m)[:, None]
    b = (ny / m)[None, :]
    c = (X @ Y.T) / m
    sab = np.sqrt(a * b)
    with np.errstate(divide='ignore', invalid='ignore'):
        r = np.clip(c / sab, -1.0, 1.0)
        th = np.arccos(r)
        s = sab * np.sqrt(np.maximum((1 - r) * (1 + r), 0.0))
        pmt = np.pi - th
        K = np.where(sab > 0, (s + 2 * c * pmt) / TWO_PI, 0.0)
        if not coeffs:
            return K
        sd = pmt / TWO_PI
        generic = (s > 1e-12 * sab) & (sab > 0)
        alpha = np.where(generic, 2 * sd / m + c / (TWO_PI * m * s), np.where(sab > 0, 2 * sd / m, 0.0))
        beta = np.where(generic, (s * s - c * c) / (TWO_PI * m * a * s), 0.0)
    return K, alpha, beta


class Run:
    def __init__(self, Xtr, W1, W2, U, V, mu):
        self.X, self.W1, self.W2, self.U, self.V, self.mu = Xtr, W1, W2, U, V, mu
        self.n, self.d0 = W1.shape
        self.d = W2.shape[0]
        self.dr = V.shape[0]
        self.norm = np.einsum('ij,ij->i', Xtr, Xtr)
        self.slot = {}                                   # training index -> row of A
        self.tIdx = np.zeros(0, dtype=np.int64)
        self.A = np.zeros((0, self.d))
        self.XH = np.zeros((0, self.d))
        self.CH = np.zeros((0, self.dr))

    def g0(self, xi):
        return np.maximum(xi @ self.W1.T / np.sqrt(self.d0), 0) @ self.W2.T / np.sqrt(self.n)

    def g(self, xi, nxi):
        out = self.g0(xi)
        if len(self.tIdx):
            out -= self.mu * kernel(xi, self.X[self.tIdx], nxi, self.norm[self.tIdx], self.d0) @ self.A
        return out

    def f(self, x):
        nx = np.einsum('ij,ij->i', x, x)
        out = np.maximum(x @ self.U.T / np.sqrt(self.d), 0) @ self.V.T / np.sqrt(self.n)
        if len(self.XH):
            out -= self.mu * kernel(x, self.XH, nx, np.einsum('ij,ij->i', self.XH, self.XH), self.d) @ self.CH
        return out

    def step(self, batch, Y):
        B = len(batch)
        xi = self.X[batch]
        x = self.g(xi, self.norm[batch])
        nx = np.einsum('ij,ij->i', x, x)
        z = x @ self.U.T / np.sqrt(self.d)
        F = np.maximum(z, 0) @ self.V.T / np.sqrt(self.n)
        if len(self.XH):
            K, al, be = kernel(x, self.XH, nx, np.einsum('ij,ij->i', self.XH, self.XH), self.d, coeffs=True)
            F -= self.mu * K @ self.CH
        chi = (F - Y[batch]) / B
        h = ((z > 0) * (chi @ self.V)) @ self.U / np.sqrt(self.n * self.d)
        if len(self.XH):
            W = chi @ self.CH.T
            h -= self.mu * ((W * al) @ self.XH + (W * be).sum(1)[:, None] * x)
        self.XH = np.vstack([self.XH, x])
        self.CH = np.vstack([self.CH, chi])
        new = [j for j in batch if j not in self.slot]
        if new:
            for j in new:
                self.slot[j] = len(self.tIdx) + new.index(j)
            self.tIdx = np.concatenate([self.tIdx, np.array(new, dtype=np.int64)])
            self.A = np.vstack([self.A, np.zeros((len(new), self.d))])
        rows = np.array([self.slot[j] for j in batch])
        np.add.at(self.A, rows, h)
        return 0.5 * B * np.sum(chi * chi)

    def loss(self, xi, Y):
        F = self.f(self.g(xi, np.einsum('ij,ij->i', xi, xi)))
        return 0.5 * np.mean(np.sum((F - Y) ** 2, 1)), float(np.mean(F.argmax(1) == Y.argmax(1)))


def mnist(path):
    def idx(f):
        with open(f, 'rb') as fh:
            data = fh.read()
        dims = data[3]
        shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
        return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    xs = idx(os.path.join(path, 'train-images-idx3-ubyte')).reshape(60000, -1) / 255.0
    xt = idx(os.path.join(path, 't10k-images-idx3-ubyte')).reshape(10000, -1) / 255.0
    ys, yt = idx(os.path.join(path, 'train-labels-idx1-ubyte')), idx(os.path.join(path, 't10k-labels-idx1-ubyte'))
    m, sd = xs.mean(), xs.std()
    return (xs - m) / sd, np.eye(10)[ys], (xt - m) / sd, np.eye(10)[yt]


def main():
    if sys.argv[1] == 'check':
        d = sys.argv[2]
        X, Y = np.load(os.path.join(d, 'train-x.npy')), np.load(os.path.join(d, 'train-y.npy'))
        W = [np.load(os.path.join(d, w + '.npy')) for w in ('W1', 'W2', 'U', 'V')]
        run = Run(X, *W, float(kv.get('mu', '0.5')))
        batch = list(range(len(X)))
        for s in range(int(kv.get('steps', '5'))):
            run.step(batch, Y)
            print(s + 1, repr(run.loss(X, Y)[0]))
        return
    N, steps, d, n = int(kv.get('N', 60000)), int(kv.get('steps', 1500)), int(kv.get('d', 100)), int(kv.get('n', 10000))
    B, mu, nev = int(kv.get('B', 20)), float(kv.get('mu', 3.0)), int(kv.get('eval', 100))
    here = os.path.dirname(os.path.abspath(__file__))
    t0 = time.time()
    Xs, Ys, Xt, Yt = mnist(kv.get('data', os.path.join(here, '..', '..', 'datasets', 'cache', 'mnist')))
    Xs, Ys = Xs[:N], Ys[:N]
    rng = np.random.default_rng(1)
    W1, W2 = rng.standard_normal((n, Xs.shape[1])), rng.standard_normal((d, n))
    U, V = rng.standard_normal((n, d)), rng.standard_normal((10, n))
    run = Run(Xs, W1, W2, U, V, mu)
    t1 = time.time()
    order = []
    while len(order) < steps * B:
        order.extend(rng.permutation(N)[: (N // B) * B].tolist())
    for s in range(steps):
        run.step(order[s * B:(s + 1) * B], Ys)
        if (s + 1) % 250 == 0:
            print(f'step {s + 1}/{steps}  {time.time() - t1:.1f} s', flush=True)
    t2 = time.time()
    ev = rng.choice(N, nev, replace=False)
    tr, te = run.loss(Xs[ev], Ys[ev]), run.loss(Xt[:nev], Yt[:nev])
    t3 = time.time()
    print(f'numpy {np.__version__}: N={N} d={d} n={n} B={B} steps={steps} mu={mu}; train loss {tr[0]:.6f}, '
          f'test loss {te[0]:.6f} acc {te[1]:.3f}; load+init {t1 - t0:.1f} s, steps {t2 - t1:.1f} s, '
          f'eval {t3 - t2:.1f} s, total {t3 - t0:.1f} s')


main()
