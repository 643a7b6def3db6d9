#!/usr/bin/env python3
"""An independent NumPy implementation of the model family (activations relu and erf, L hidden layers in g,
squared loss and cross-entropy, SGD with heavy-ball momentum) in plain dense form, written from the formulas of
docs/theory.md and nothing of wideneck's code. Not part of the build: it writes the small data set, the initial
weights and the loss rows that src/test/java/.../core/verify/IndependentReferenceTest.java compares wideneck with
(to 1e-9 relative).

  python3 docs/peer/family_reference.py OUT_DIR

For every case (activation × depth × loss × batch × momentum) it runs, from the same weights and the same batches
(step t draws the points (t·B + i) mod N, i < B):
  bottleneck  the exact function-space dynamics at d = 4 (dual form: every past update kept, weighted by
              c(t − s) = (1 − β^(t−s))/(1 − β))
  finite      the width-n network in parameter space (SGD with PyTorch's heavy ball)
  inf         kernel SGD with Θ_∞ from F_0 = 0
and writes OUT_DIR/<case>.csv with the columns kind,step,split,loss.
"""
import os
import sys

import numpy as np
from scipy.special import erf

N, NT, D0, DR, D, n = 40, 20, 5, 3, 4, 64
STEPS, EVAL = 30, 10


# ---- one hidden layer of φ in closed form, on normalised moments (a, b, c) ----------------------------------------

def relu_sigma_dot(a, b, c):
    ab = np.sqrt(a * b)
    r = np.clip(np.divide(c, ab, out=np.zeros_like(c), where=ab > 0), -1, 1)
    th = np.arccos(r)
    s = ab * np.sqrt(np.maximum(1 - r * r, 0))
    sig = (s + c * (np.pi - th)) / (2 * np.pi)
    dot = (np.pi - th) / (2 * np.pi)
    zero = ab <= 0
    return np.where(zero, 0, sig), np.where(zero, 0, dot)


def erf_sigma_dot(a, b, c):
    dd = (1 + 2 * a) * (1 + 2 * b)
    sig = 2 / np.pi * np.arcsin(np.clip(2 * c / np.sqrt(dd), -1, 1))
    dot = 4 / np.pi / np.sqrt(dd - 4 * c * c)
    return sig, dot


def sigma_dot(act, a, b, c):
    return relu_sigma_dot(a, b, c) if act == 'relu' else erf_sigma_dot(a, b, c)


def diag(act, a):
    return a / 2 if act == 'relu' else 2 / np.pi * np.arcsin(2 * a / (1 + 2 * a))


def xi_coeffs(act, a, b, c, m):
    """Ξ(x, y) = α y + β x, the derivative of K(x, y) = c Σ̇ + Σ in x."""
    if act == 'relu':
        ab = np.sqrt(a * b)
        r = np.clip(c / ab, -1, 1)
        th = np.arccos(r)
        s = ab * np.sqrt(max(1 - r * r, 0.0))
        sd = (np.pi - th) / (2 * np.pi)
        if s > 1e-12 * ab:
            return 2 * sd / m + c / (2 * np.pi * m * s), (s * s - c * c) / (2 * np.pi * m * a * s)
        return 2 * sd / m, 0.0
    A, B = 1 + 2 * a, 1 + 2 * b
    Q = A * B - 4 * c * c
    sd = 4 / np.pi / np.sqrt(Q)
    return (2 * sd + 4 * c * c * sd / Q) / m, -2 * c * sd * (B / Q + 1 / A) / m


def moments(X, Y):
    m = X.shape[1]
    return (X * X).sum(1)[:, None] / m, (Y * Y).sum(1)[None, :] / m, X @ Y.T / m


def theta_g(act, L, X, Y):
    """Θ_g and Σ_g of g with L hidden layers, and the last layer's variances."""
    a, b, c = moments(X, Y)
    a = np.broadcast_to(a, c.shape).copy()
    b = np.broadcast_to(b, c.shape).copy()
    sig, th = c.copy(), c.copy()
    for _ in range(L):
        s, sd = sigma_dot(act, a, b, sig)
        th = s + sd * th
        sig = s
        a, b = diag(act, a), diag(act, b)
    return th, sig, a, b


def theta_inf(act, L, X, Y):
    th, sig, a, b = theta_g(act, L, X, Y)
    s, sd = sigma_dot(act, a, b, sig)
    return s + sd * (sig + th)


def ntk_f(act, X, Y):
    a, b, c = moments(X, Y)
    s, sd = sigma_dot(act, np.broadcast_to(a, c.shape), np.broadcast_to(b, c.shape), c)
    return c * sd + s


# ---- the random-feature network of the weights --------------------------------------------------------------------

def phi(act, z):
    return np.maximum(z, 0) if act == 'relu' else erf(z)


def dphi(act, z):
    return (z > 0).astype(float) if act == 'relu' else 2 / np.sqrt(np.pi) * np.exp(-z * z)


def g0(act, Ws, X):
    h = phi(act, X @ Ws[0].T / np.sqrt(D0))
    for W in Ws[1:-1]:
        h = phi(act, h @ W.T / np.sqrt(n))
    return h @ Ws[-1].T / np.sqrt(n)


def f0(act, U, V, x):
    return phi(act, x @ U.T / np.sqrt(D)) @ V.T / np.sqrt(n)


def j0t(act, U, V, x, chi):
    """J_0(x)ᵀ χ = Uᵀ (φ'(U x/√d) ∘ Vᵀ χ)/√(n d), one point per row."""
    return (dphi(act, x @ U.T / np.sqrt(D)) * (chi @ V)) @ U / np.sqrt(n * D)


# ---- losses -------------------------------------------------------------------------------------------------------

def chi_of(loss, F, Y, B):
    if loss == 'mse':
        return (F - Y) / B
    e = np.exp(F - F.max(1, keepdims=True))
    return (e / e.sum(1, keepdims=True) - Y) / B


def loss_of(loss, F, Y):
    if loss == 'mse':
        return float(np.mean(0.5 * ((F - Y) ** 2).sum(1)))
    m = F.max(1, keepdims=True)
    logsm = F - m - np.log(np.exp(F - m).sum(1, keepdims=True))
    return float(np.mean(-(Y * logsm).sum(1)))


def weight(beta, k):
    return 1.0 if beta == 0 else (1 - beta ** k) / (1 - beta)


def batches(B):
    return [np.array([(t * B + i) % N for i in range(B)]) for t in range(STEPS)]


# ---- the three dynamics ---------------------------------------------------------------------------------------------

def bottleneck(act, L, loss, beta, mu, B, Xtr, Ytr, Xte, Yte, Ws, U, V):
    src_xi, src_h, src_t = [], [], []       # eq 42 sources: ξ_s, h_s, the step
    hx, hchi, ht = [], [], []               # history: x_h, χ_h, the step

    def g_at(X, t):
        g = g0(act, Ws, X)
        if src_xi:
            th = theta_g(act, L, X, np.array(src_xi))[0]
            w = np.array([weight(beta, t - s) for s in src_t])
            g = g - mu * (th * w[None, :]) @ np.array(src_h)
        return g

    def f_at(x, t):
        F = f0(act, U, V, x)
        if hx:
            k = ntk_f(act, x, np.array(hx))
            w = np.array([weight(beta, t - s) for s in ht])
            F = F - mu * (k * w[None, :]) @ np.array(hchi)
        return F

    rows = []
    for t in range(STEPS + 1):
        if t % EVAL == 0:
            rows.append(('bottleneck', t, 'train', loss_of(loss, f_at(g_at(Xtr, t), t), Ytr)))
            rows.append(('bottleneck', t, 'test', loss_of(loss, f_at(g_at(Xte, t), t), Yte)))
        if t == STEPS:
            break
        idx = BATCHES[t]
        x = g_at(Xtr[idx], t)
        chi = chi_of(loss, f_at(x, t), Ytr[idx], B)
        h = j0t(act, U, V, x, chi)
        for b in range(B):
            for j in range(len(hx)):
                al, be = xi_coeffs(act, *[v.item() for v in moments(x[b:b + 1], np.array(hx[j:j + 1]))], D)
                w = weight(beta, t - ht[j])
                h[b] -= mu * w * (hchi[j] @ chi[b]) * (al * hx[j] + be * x[b])
        for b in range(B):
            hx.append(x[b].copy())
            hchi.append(chi[b].copy())
            ht.append(t)
            src_xi.append(Xtr[idx[b]].copy())
            src_h.append(h[b].copy())
            src_t.append(t)
    return rows


def finite(act, L, loss, beta, mu, B, Xtr, Ytr, Xte, Yte, Ws, U, V):
    Ws, U, V = [W.copy() for W in Ws], U.copy(), V.copy()
    vel = [np.zeros_like(W) for W in Ws] + [np.zeros_like(U), np.zeros_like(V)]

    def forward(X):
        pre, act_h = [X @ Ws[0].T / np.sqrt(D0)], []
        act_h.append(phi(act, pre[0]))
        for W in Ws[1:-1]:
            pre.append(act_h[-1] @ W.T / np.sqrt(n))
            act_h.append(phi(act, pre[-1]))
        x = act_h[-1] @ Ws[-1].T / np.sqrt(n)
        p2 = x @ U.T / np.sqrt(D)
        h2 = phi(act, p2)
        return pre, act_h, x, p2, h2, h2 @ V.T / np.sqrt(n)

    rows = []
    for t in range(STEPS + 1):
        if t % EVAL == 0:
            rows.append(('finite', t, 'train', loss_of(loss, forward(Xtr)[-1], Ytr)))
            rows.append(('finite', t, 'test', loss_of(loss, forward(Xte)[-1], Yte)))
        if t == STEPS:
            break
        idx = BATCHES[t]
        X = Xtr[idx]
        pre, act_h, x, p2, h2, F = forward(X)
        chi = chi_of(loss, F, Ytr[idx], B)
        dh2 = (chi @ V / np.sqrt(n)) * dphi(act, p2)
        dx = dh2 @ U / np.sqrt(D)
        grads = [None] * len(Ws)
        grads[-1] = dx.T @ act_h[-1] / np.sqrt(n)
        dp = (dx @ Ws[-1] / np.sqrt(n)) * dphi(act, pre[-1])
        for l in range(len(Ws) - 2, 0, -1):
            grads[l] = dp.T @ act_h[l - 1] / np.sqrt(n)
            dp = (dp @ Ws[l] / np.sqrt(n)) * dphi(act, pre[l - 1])
        grads[0] = dp.T @ X / np.sqrt(D0)
        gU = dh2.T @ x / np.sqrt(D)
        gV = chi.T @ h2 / np.sqrt(n)
        params = Ws + [U, V]
        for k, (p, g) in enumerate(zip(params, grads + [gU, gV])):
            vel[k] = beta * vel[k] + g
            p -= mu * vel[k]
    return rows


def infinite(act, L, loss, beta, mu, B, Xtr, Ytr, Xte, Yte):
    src_xi, src_chi, src_t = [], [], []

    def F_at(X, t):
        F = np.zeros((X.shape[0], DR))
        if src_xi:
            th = theta_inf(act, L, X, np.array(src_xi))
            w = np.array([weight(beta, t - s) for s in src_t])
            F = F - mu * (th * w[None, :]) @ np.array(src_chi)
        return F

    rows = []
    for t in range(STEPS + 1):
        if t % EVAL == 0:
            rows.append(('inf', t, 'train', loss_of(loss, F_at(Xtr, t), Ytr)))
            rows.append(('inf', t, 'test', loss_of(loss, F_at(Xte, t), Yte)))
        if t == STEPS:
            break
        idx = BATCHES[t]
        chi = chi_of(loss, F_at(Xtr[idx], t), Ytr[idx], B)
        for b in range(B):
            src_xi.append(Xtr[idx[b]].copy())
            src_chi.append(chi[b].copy())
            src_t.append(t)
    return rows


def main(out):
    global BATCHES
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261204)
    Xtr, Xte = rng.standard_normal((N, D0)), rng.standard_normal((NT, D0))
    wc = rng.standard_normal((DR, D0)) / np.sqrt(D0)
    Ytr, Yte = np.eye(DR)[np.argmax(Xtr @ wc.T, 1)], np.eye(DR)[np.argmax(Xte @ wc.T, 1)]
    for name, a in [('train-x', Xtr), ('train-y', Ytr), ('test-x', Xte), ('test-y', Yte)]:
        np.save(os.path.join(out, name + '.npy'), a)
    weights = {}
    for L in (1, 2):
        wdir = os.path.join(out, 'weights-L%d' % L)
        os.makedirs(wdir, exist_ok=True)
        Ws = [rng.standard_normal((n, D0))] + [rng.standard_normal((n, n)) for _ in range(L - 1)] + [rng.standard_normal((D, n))]
        U, V = rng.standard_normal((n, D)), rng.standard_normal((DR, n))
        for l, W in enumerate(Ws):
            np.save(os.path.join(wdir, 'W%d.npy' % (l + 1)), W)
        np.save(os.path.join(wdir, 'U.npy'), U)
        np.save(os.path.join(wdir, 'V.npy'), V)
        weights[L] = (Ws, U, V)
    for act in ('relu', 'erf'):
        for L in (1, 2):
            for loss in ('mse', 'cross-entropy'):
                for B in (N, 10):
                    for beta in (0.0, 0.9):
                        if beta > 0 and (B != N) and not (act == 'erf' and L == 2):
                            continue  # momentum: every member full batch, one member minibatch
                        mu = 0.5 if loss == 'mse' else 2.0
                        BATCHES = batches(B)
                        Ws, U, V = weights[L]
                        rows = bottleneck(act, L, loss, beta, mu, B, Xtr, Ytr, Xte, Yte, Ws, U, V)
                        rows += finite(act, L, loss, beta, mu, B, Xtr, Ytr, Xte, Yte, Ws, U, V)
                        rows += infinite(act, L, loss, beta, mu, B, Xtr, Ytr, Xte, Yte)
                        case = '%s-L%d-%s-B%d-beta%s' % (act, L, loss, B, beta)
                        with open(os.path.join(out, case + '.csv'), 'w') as f:
                            f.write('kind,step,split,loss\n')
                            for r in rows:
                                f.write('%s,%d,%s,%.17g\n' % r)
                        print(case, 'done')


if __name__ == '__main__':
    main(sys.argv[1])
