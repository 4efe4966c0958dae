"""Seed-style SimpleConvNet in numpy (im2col + np.dot), the way the classic from-scratch books write it.

Used only as a peer in the side-by-side benchmark: one SGD training step on a batch, forward and backward.
"""
import numpy as np


def im2col(x, k):
    n, c, h, w = x.shape
    oh, ow = h - k + 1, w - k + 1
    col = np.zeros((n, c, k, k, oh, ow), dtype=x.dtype)
    for y in range(k):
        for xx in range(k):
            col[:, :, y, xx, :, :] = x[:, :, y:y + oh, xx:xx + ow]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


class SimpleConvNet:
    def __init__(self, seed=0):
        rng = np.random.default_rng(seed)
        f32 = np.float32
        self.w1 = (rng.standard_normal((30, 1, 5, 5)) * np.sqrt(2 / 25)).astype(f32)
        self.b1 = np.zeros(30, f32)
        self.w2 = (rng.standard_normal((4320, 100)) * np.sqrt(2 / 4320)).astype(f32)
        self.b2 = np.zeros(100, f32)
        self.w3 = (rng.standard_normal((100, 10)) * np.sqrt(2 / 100)).astype(f32)
        self.b3 = np.zeros(10, f32)

    def step(self, x, t, lr=0.1):
        n = x.shape[0]
        # conv1 (im2col + dot) + relu
        col = im2col(x, 5)                                   # (n*576, 25)
        w1 = self.w1.reshape(30, -1).T                       # (25, 30)
        c = col @ w1 + self.b1                               # (n*576, 30)
        c = c.reshape(n, 24, 24, 30).transpose(0, 3, 1, 2)   # NCHW
        r = np.maximum(c, 0)
        # 2x2 max pool via im2col-style reshape
        p = r.reshape(n, 30, 12, 2, 12, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, 30, 12, 12, 4)
        arg = p.argmax(axis=4)
        pooled = p.max(axis=4)
        flat = pooled.reshape(n, -1)
        h = flat @ self.w2 + self.b2
        hr = np.maximum(h, 0)
        logits = hr @ self.w3 + self.b3
        z = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(z)
        prob = e / e.sum(axis=1, keepdims=True)
        loss = -np.log(prob[np.arange(n), t] + 1e-7).mean()
        # backward
        d = prob
        d[np.arange(n), t] -= 1
        d /= n
        dw3 = hr.T @ d; db3 = d.sum(0)
        dhr = d @ self.w3.T
        dh = dhr * (h > 0)
        dw2 = flat.T @ dh; db2 = dh.sum(0)
        dflat = dh @ self.w2.T
        dp = np.zeros((n, 30, 12, 12, 4), np.float32)
        np.put_along_axis(dp, arg[..., None], dflat.reshape(n, 30, 12, 12, 1), axis=4)
        dr = dp.reshape(n, 30, 12, 12, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, 30, 24, 24)
        dc = dr * (c > 0)
        dcf = dc.transpose(0, 2, 3, 1).reshape(-1, 30)       # (n*576, 30)
        dw1 = (col.T @ dcf).T.reshape(30, 1, 5, 5); db1 = dcf.sum(0)
        for param, grad in ((self.w1, dw1), (self.b1, db1), (self.w2, dw2), (self.b2, db2), (self.w3, dw3), (self.b3, db3)):
            param -= lr * grad
        return float(loss)
