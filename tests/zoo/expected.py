#!/usr/bin/env python3
"""Independent expected figures for the network zoo (architectures/*.yaml).

This is a second formulation of every zoo network, written directly in
Python without reading the YAML files: each builder walks its own layer
list, tracking tensor shapes, and counts

  params: conv/fc weights + bias, batch-norm gamma + beta
  macs:   conv  H_out*W_out*C_out*(C_in/groups)*k_h*k_w,  fc  in*out

exactly as docs/format.md and DESIGN.md define them.  Layers marked
train_only (auxiliary classifiers) are counted apart.

Run `python3 tests/zoo/expected.py` to print every network's totals and its
per-module / per-stage rows; tests/test_zoo.cpp asserts archcalc's figures
against the numbers printed here (copied into EXPECTED below and checked
by `python3 tests/zoo/expected.py --check`).
"""
import sys


class Net:
    def __init__(self, name, c, h=None, w=None):
        self.name = name
        self.shape = {"input": (c, h, w) if h is not None else (c,)}
        self.last = "input"
        self.params = 0
        self.macs = 0
        self.train_params = 0
        self.train_macs = 0
        self.bn_channels = 0      # inference-net batch-norm channels (gammas)
        self.groups = {}          # module name -> [params, macs, weights]
        self.group = None         # current module name
        self.train_only = False   # current layers are training-only

    # -- bookkeeping -------------------------------------------------------
    def _count(self, name, shape, params, macs, src, weights=0):
        if name in self.shape:
            raise ValueError("duplicate layer " + name)
        self.shape[name] = shape
        self.last = name
        if self.train_only:
            self.train_params += params
            self.train_macs += macs
        else:
            self.params += params
            self.macs += macs
        if self.group is not None:
            g = self.groups.setdefault(self.group, [0, 0, 0])
            g[0] += params
            g[1] += macs
            g[2] += weights
        return name

    def _src(self, src):
        return self.last if src is None else src

    # -- ops ---------------------------------------------------------------
    def conv(self, name, out, k, s=1, p=0, groups=1, bias=True, src=None):
        src = self._src(src)
        c, h, w = self.shape[src]
        kh, kw = (k, k) if isinstance(k, int) else k
        sh, sw = (s, s) if isinstance(s, int) else s
        if isinstance(p, int):
            pt = pb = pl = pr = p
        elif len(p) == 2:
            pt = pb = p[0]
            pl = pr = p[1]
        else:
            pt, pb, pl, pr = p
        assert c % groups == 0 and out % groups == 0
        ho = (h + pt + pb - kh) // sh + 1
        wo = (w + pl + pr - kw) // sw + 1
        assert ho > 0 and wo > 0, name
        weights = out * (c // groups) * kh * kw
        params = weights + (out if bias else 0)
        macs = ho * wo * weights
        return self._count(name, (out, ho, wo), params, macs, src, weights)

    def pool(self, name, k, s=None, p=0, ceil=False, src=None):
        src = self._src(src)
        c, h, w = self.shape[src]
        kh, kw = (k, k) if isinstance(k, int) else k
        s = k if s is None else s
        sh, sw = (s, s) if isinstance(s, int) else s

        def size(n, kk, ss):
            if ceil:
                o = -(-(n + 2 * p - kk) // ss) + 1
                if (o - 1) * ss >= n + p:   # last window must start inside
                    o -= 1
            else:
                o = (n + 2 * p - kk) // ss + 1
            return o
        return self._count(name, (c, size(h, kh, sh), size(w, kw, sw)), 0, 0, src)

    def gpool(self, name, src=None):
        src = self._src(src)
        c = self.shape[src][0]
        return self._count(name, (c, 1, 1), 0, 0, src)

    def bn(self, name, src=None):
        src = self._src(src)
        shape = self.shape[src]
        if not self.train_only:
            self.bn_channels += shape[0]
        return self._count(name, shape, 2 * shape[0], 0, src)

    def same(self, name, src=None):
        """relu, lrn, dropout, ...: shape-preserving, no params."""
        src = self._src(src)
        return self._count(name, self.shape[src], 0, 0, src)

    def fc(self, name, out, bias=True, src=None):
        src = self._src(src)
        n = 1
        for d in self.shape[src]:
            n *= d
        return self._count(name, (out,), n * out + (out if bias else 0), n * out, src, n * out)

    def concat(self, name, srcs):
        shapes = [self.shape[s] for s in srcs]
        for sh in shapes:
            assert sh[1:] == shapes[0][1:], (name, shapes)
        return self._count(name, (sum(sh[0] for sh in shapes),) + shapes[0][1:], 0, 0, srcs[0])

    def add(self, name, srcs):
        shapes = [self.shape[s] for s in srcs]
        assert all(sh == shapes[0] for sh in shapes), (name, shapes)
        return self._count(name, shapes[0], 0, 0, srcs[0])

    # conv (no bias) + batch norm (+ relu)
    def cbr(self, name, out, k, s=1, p=0, src=None, relu=True):
        self.conv(name + "/conv", out, k, s, p, bias=False, src=src)
        self.bn(name + "/bn")
        if relu:
            self.same(name + "/relu")
        return self.last

    def result(self):
        return {"params": self.params, "macs": self.macs,
                "train_params": self.params + self.train_params,
                "train_macs": self.macs + self.train_macs,
                "bn_channels": self.bn_channels,
                "groups": {k: tuple(v) for k, v in self.groups.items()}}


# ---------------------------------------------------------------------------
# LeNet-5, AlexNet, VGG, NIN
# ---------------------------------------------------------------------------

def lenet5():
    n = Net("lenet5", 1, 32, 32)
    n.conv("c1", 6, 5); n.same("c1_tanh")
    n.pool("s2", 2)
    n.conv("c3", 16, 5); n.same("c3_tanh")
    n.pool("s4", 2)
    n.fc("f5", 120); n.same("f5_tanh")
    n.fc("f6", 84); n.same("f6_tanh")
    n.fc("f7", 10)
    return n


def alexnet(groups):
    """groups=2: the paper's two towers (Caffe bvlc_alexnet); 1: one tower."""
    n = Net("alexnet", 3, 227, 227)
    n.conv("conv1", 96, 11, 4)
    if groups == 2:        # Caffe: relu, norm, pool
        n.same("norm1"); n.pool("pool1", 3, 2)
    else:                  # lecture version: pool, norm
        n.pool("pool1", 3, 2); n.same("norm1")
    n.conv("conv2", 256, 5, p=2, groups=groups)
    if groups == 2:
        n.same("norm2"); n.pool("pool2", 3, 2)
    else:
        n.pool("pool2", 3, 2); n.same("norm2")
    n.conv("conv3", 384, 3, p=1)
    n.conv("conv4", 384, 3, p=1, groups=groups)
    n.conv("conv5", 256, 3, p=1, groups=groups)
    n.pool("pool5", 3, 2)
    n.fc("fc6", 4096); n.fc("fc7", 4096); n.fc("fc8", 1000)
    return n


VGG_CFG = {
    "vgg11": [1, 1, 2, 2, 2],
    "vgg13": [2, 2, 2, 2, 2],
    "vgg16": [2, 2, 3, 3, 3],
    "vgg19": [2, 2, 4, 4, 4],
}


def vgg(name):
    n = Net(name, 3, 224, 224)
    for i, (reps, width) in enumerate(zip(VGG_CFG[name], [64, 128, 256, 512, 512])):
        for r in range(reps):
            n.conv("conv%d_%d" % (i + 1, r + 1), width, 3, p=1)
        n.pool("pool%d" % (i + 1), 2)
    n.fc("fc6", 4096); n.fc("fc7", 4096); n.fc("fc8", 1000)
    return n


def nin():
    n = Net("nin", 3, 224, 224)
    n.conv("conv1", 96, 11, 4); n.conv("cccp1", 96, 1); n.conv("cccp2", 96, 1)
    n.pool("pool1", 3, 2, ceil=True)
    n.conv("conv2", 256, 5, p=2); n.conv("cccp3", 256, 1); n.conv("cccp4", 256, 1)
    n.pool("pool2", 3, 2, ceil=True)
    n.conv("conv3", 384, 3, p=1); n.conv("cccp5", 384, 1); n.conv("cccp6", 384, 1)
    n.pool("pool3", 3, 2, ceil=True)
    n.conv("conv4", 1024, 3, p=1); n.conv("cccp7", 1024, 1); n.conv("cccp8", 1000, 1)
    assert n.shape["cccp8"] == (1000, 6, 6)
    n.pool("pool4", 6, 1)
    return n


# ---------------------------------------------------------------------------
# GoogLeNet
# ---------------------------------------------------------------------------

GOOGLENET_TABLE = [   # Szegedy et al. 2014, Table 1: #1x1 #3x3red #3x3 #5x5red #5x5 poolproj
    ("3a", (64, 96, 128, 16, 32, 32)),
    ("3b", (128, 128, 192, 32, 96, 64)),
    ("4a", (192, 96, 208, 16, 48, 64)),
    ("4b", (160, 112, 224, 24, 64, 64)),
    ("4c", (128, 128, 256, 24, 64, 64)),
    ("4d", (112, 144, 288, 32, 64, 64)),
    ("4e", (256, 160, 320, 32, 128, 128)),
    ("5a", (256, 160, 320, 32, 128, 128)),
    ("5b", (384, 192, 384, 48, 128, 128)),
]


def googlenet(torchvision):
    """torchvision=False: the paper / Caffe bvlc_googlenet (biases, LRN, 5x5).
    torchvision=True: conv(bias=False)+BN, 3x3 in the '5x5' branch."""
    n = Net("googlenet", 3, 224, 224)

    def unit(name, out, k, s=1, p=0, src=None):
        if torchvision:
            return n.cbr(name, out, k, s, p, src=src)
        n.conv(name, out, k, s, p, src=src)
        return n.same(name + "_relu")

    def inception(m, a):
        n1, r3, n3, r5, n5, pp = a
        b1 = unit(m + "/1x1", n1, 1, src=x)
        unit(m + "/3x3_reduce", r3, 1, src=x)
        b2 = unit(m + "/3x3", n3, 3, p=1)
        unit(m + "/5x5_reduce", r5, 1, src=x)
        b3 = unit(m + "/5x5", n5, 3 if torchvision else 5, p=1 if torchvision else 2)
        n.pool(m + "/pool", 3, 1, 1, ceil=True, src=x)
        b4 = unit(m + "/pool_proj", pp, 1)
        return n.concat(m + "/output", [b1, b2, b3, b4])

    def aux(m, src):
        n.train_only = True
        n.group = m
        n.pool(m + "/ave_pool", 5, 3, src=src)
        unit(m + "/conv", 128, 1)
        n.fc(m + "/fc", 1024); n.same(m + "/fc_relu")
        n.same(m + "/drop")
        n.fc(m + "/classifier", 1000)
        n.train_only = False
        n.group = None

    n.group = "conv1"
    unit("conv1", 64, 7, 2, 3)
    n.pool("pool1", 3, 2, ceil=True)
    if not torchvision:
        n.same("norm1")
    n.group = "conv2"
    unit("conv2_reduce", 64, 1)
    unit("conv2", 192, 3, p=1)
    if not torchvision:
        n.same("norm2")
    n.group = None
    x = n.pool("pool2", 3, 2, ceil=True)
    assert n.shape[x] == (192, 28, 28)
    for m, a in GOOGLENET_TABLE:
        if m == "4a":
            x = n.pool("pool3", 3, 2, ceil=True)
        if m == "5a":
            if torchvision:
                x = n.pool("pool4", 2, 2, ceil=True)
            else:
                x = n.pool("pool4", 3, 2, ceil=True)
        n.group = "inception_" + m
        x = inception("inception_" + m, a)
        n.group = None
        if m == "4a":
            aux("aux1", x)
        if m == "4d":
            aux("aux2", x)
    n.last = x
    assert n.shape[x] == (1024, 7, 7)
    n.pool("pool5", 7, 1)
    n.same("drop")
    n.group = "fc"
    n.fc("fc", 1000)
    n.group = None
    return n


# ---------------------------------------------------------------------------
# ResNet
# ---------------------------------------------------------------------------

RESNET_CFG = {
    18: ("basic", [2, 2, 2, 2]),
    34: ("basic", [3, 4, 6, 3]),
    50: ("bottleneck", [3, 4, 6, 3]),
    101: ("bottleneck", [3, 4, 23, 3]),
    152: ("bottleneck", [3, 8, 36, 3]),
}


def resnet(depth, v1=False):
    """v1=False: torchvision (stride on the 3x3 of a bottleneck, 'v1.5');
    v1=True: He et al. 2015 (stride on the first 1x1)."""
    kind, reps = RESNET_CFG[depth]
    n = Net("resnet%d" % depth, 3, 224, 224)
    n.group = "conv1"
    n.cbr("conv1", 64, 7, 2, 3)
    n.group = None
    x = n.pool("pool1", 3, 2, 1)
    expansion = 4 if kind == "bottleneck" else 1
    cin = 64
    for stage, (r, width) in enumerate(zip(reps, [64, 128, 256, 512])):
        sname = "conv%d_x" % (stage + 2)
        n.group = sname
        for b in range(r):
            stride = 2 if (b == 0 and stage > 0) else 1
            p = "%s/%d" % (sname, b + 1)
            if kind == "basic":
                n.cbr(p + "/a", width, 3, stride, 1, src=x)
                y = n.cbr(p + "/b", width, 3, 1, 1, relu=False)
            else:
                s1, s3 = (stride, 1) if v1 else (1, stride)
                n.cbr(p + "/a", width, 1, s1, src=x)
                n.cbr(p + "/b", width, 3, s3, 1)
                y = n.cbr(p + "/c", width * 4, 1, relu=False)
            if stride != 1 or cin != width * expansion:
                sc = n.cbr(p + "/proj", width * expansion, 1, stride, src=x, relu=False)
            else:
                sc = x
            n.add(p + "/add", [y, sc])
            x = n.same(p + "/relu")
            cin = width * expansion
        n.group = None
    n.gpool("pool5")
    n.group = "fc"
    n.fc("fc", 1000)
    n.group = None
    return n


# ---------------------------------------------------------------------------
# Inception-v3 (torchvision / TF release)
# ---------------------------------------------------------------------------

def inception_v3():
    n = Net("inception_v3", 3, 299, 299)
    c = n.cbr
    n.group = "stem"
    c("Conv2d_1a_3x3", 32, 3, 2)
    c("Conv2d_2a_3x3", 32, 3)
    c("Conv2d_2b_3x3", 64, 3, p=1)
    n.pool("maxpool1", 3, 2)
    c("Conv2d_3b_1x1", 80, 1)
    c("Conv2d_4a_3x3", 192, 3)
    x = n.pool("maxpool2", 3, 2)
    assert n.shape[x] == (192, 35, 35)

    def block_a(m, x, pool_features):
        b1 = c(m + "/branch1x1", 64, 1, src=x)
        c(m + "/branch5x5_1", 48, 1, src=x)
        b2 = c(m + "/branch5x5_2", 64, 5, p=2)
        c(m + "/branch3x3dbl_1", 64, 1, src=x)
        c(m + "/branch3x3dbl_2", 96, 3, p=1)
        b3 = c(m + "/branch3x3dbl_3", 96, 3, p=1)
        n.pool(m + "/avgpool", 3, 1, 1, src=x)
        b4 = c(m + "/branch_pool", pool_features, 1)
        return n.concat(m + "/out", [b1, b2, b3, b4])

    def block_b(m, x):
        b1 = c(m + "/branch3x3", 384, 3, 2, src=x)
        c(m + "/branch3x3dbl_1", 64, 1, src=x)
        c(m + "/branch3x3dbl_2", 96, 3, p=1)
        b2 = c(m + "/branch3x3dbl_3", 96, 3, 2)
        b3 = n.pool(m + "/maxpool", 3, 2, src=x)
        return n.concat(m + "/out", [b1, b2, b3])

    def block_c(m, x, c7):
        b1 = c(m + "/branch1x1", 192, 1, src=x)
        c(m + "/branch7x7_1", c7, 1, src=x)
        c(m + "/branch7x7_2", c7, (1, 7), p=(0, 3))
        b2 = c(m + "/branch7x7_3", 192, (7, 1), p=(3, 0))
        c(m + "/branch7x7dbl_1", c7, 1, src=x)
        c(m + "/branch7x7dbl_2", c7, (7, 1), p=(3, 0))
        c(m + "/branch7x7dbl_3", c7, (1, 7), p=(0, 3))
        c(m + "/branch7x7dbl_4", c7, (7, 1), p=(3, 0))
        b3 = c(m + "/branch7x7dbl_5", 192, (1, 7), p=(0, 3))
        n.pool(m + "/avgpool", 3, 1, 1, src=x)
        b4 = c(m + "/branch_pool", 192, 1)
        return n.concat(m + "/out", [b1, b2, b3, b4])

    def block_d(m, x):
        c(m + "/branch3x3_1", 192, 1, src=x)
        b1 = c(m + "/branch3x3_2", 320, 3, 2)
        c(m + "/branch7x7x3_1", 192, 1, src=x)
        c(m + "/branch7x7x3_2", 192, (1, 7), p=(0, 3))
        c(m + "/branch7x7x3_3", 192, (7, 1), p=(3, 0))
        b2 = c(m + "/branch7x7x3_4", 192, 3, 2)
        b3 = n.pool(m + "/maxpool", 3, 2, src=x)
        return n.concat(m + "/out", [b1, b2, b3])

    def block_e(m, x):
        b1 = c(m + "/branch1x1", 320, 1, src=x)
        r = c(m + "/branch3x3_1", 384, 1, src=x)
        a = c(m + "/branch3x3_2a", 384, (1, 3), p=(0, 1), src=r)
        b = c(m + "/branch3x3_2b", 384, (3, 1), p=(1, 0), src=r)
        c(m + "/branch3x3dbl_1", 448, 1, src=x)
        r = c(m + "/branch3x3dbl_2", 384, 3, p=1)
        d = c(m + "/branch3x3dbl_3a", 384, (1, 3), p=(0, 1), src=r)
        e = c(m + "/branch3x3dbl_3b", 384, (3, 1), p=(1, 0), src=r)
        n.pool(m + "/avgpool", 3, 1, 1, src=x)
        b4 = c(m + "/branch_pool", 192, 1)
        return n.concat(m + "/out", [b1, a, b, d, e, b4])

    for m, pf in (("Mixed_5b", 32), ("Mixed_5c", 64), ("Mixed_5d", 64)):
        n.group = m
        x = block_a(m, x, pf)
    n.group = "Mixed_6a"
    x = block_b("Mixed_6a", x)
    for m, c7 in (("Mixed_6b", 128), ("Mixed_6c", 160), ("Mixed_6d", 160), ("Mixed_6e", 192)):
        n.group = m
        x = block_c(m, x, c7)
    # auxiliary head (training only)
    n.group = "AuxLogits"
    n.train_only = True
    n.pool("aux/avgpool", 5, 3, src=x)
    c("aux/conv0", 128, 1)
    c("aux/conv1", 768, 5)
    n.gpool("aux/gap")
    n.fc("aux/fc", 1000)
    n.train_only = False
    n.group = "Mixed_7a"
    x = block_d("Mixed_7a", x)
    n.group = "Mixed_7b"
    x = block_e("Mixed_7b", x)
    n.group = "Mixed_7c"
    x = block_e("Mixed_7c", x)
    assert n.shape[x] == (2048, 8, 8)
    n.group = "fc"
    n.gpool("avgpool", src=x)
    n.same("dropout")
    n.fc("fc", 1000)
    n.group = None
    return n


# ---------------------------------------------------------------------------
# Inception-v4 and Inception-ResNet-v2 (TF-slim release, 1000 classes)
# ---------------------------------------------------------------------------

def slim_aux(n, x):
    """TF-slim AuxLogits on the 17x17 grid (training only)."""
    n.group = "aux"
    n.train_only = True
    n.pool("aux/avgpool", 5, 3, src=x)
    n.cbr("aux/conv1", 128, 1)
    n.cbr("aux/conv2", 768, 5)
    n.fc("aux/fc", 1000)
    n.train_only = False
    n.group = None


def inception_v4():
    n = Net("inception_v4", 3, 299, 299)
    c = n.cbr
    n.group = "stem"
    c("Conv2d_1a_3x3", 32, 3, 2)
    c("Conv2d_2a_3x3", 32, 3)
    x = c("Conv2d_2b_3x3", 64, 3, p=1)
    a = n.pool("Mixed_3a/maxpool", 3, 2, src=x)
    b = c("Mixed_3a/conv", 96, 3, 2, src=x)
    x = n.concat("Mixed_3a", [a, b])
    c("Mixed_4a/b0_1x1", 64, 1, src=x)
    a = c("Mixed_4a/b0_3x3", 96, 3)
    c("Mixed_4a/b1_1x1", 64, 1, src=x)
    c("Mixed_4a/b1_1x7", 64, (1, 7), p=(0, 3))
    c("Mixed_4a/b1_7x1", 64, (7, 1), p=(3, 0))
    b = c("Mixed_4a/b1_3x3", 96, 3)
    x = n.concat("Mixed_4a", [a, b])
    a = c("Mixed_5a/conv", 192, 3, 2, src=x)
    b = n.pool("Mixed_5a/maxpool", 3, 2, src=x)
    x = n.concat("Mixed_5a", [a, b])
    assert n.shape[x] == (384, 35, 35)

    def inc_a(m, x):
        b0 = c(m + "/b0", 96, 1, src=x)
        c(m + "/b1_1x1", 64, 1, src=x); b1 = c(m + "/b1_3x3", 96, 3, p=1)
        c(m + "/b2_1x1", 64, 1, src=x); c(m + "/b2_3x3a", 96, 3, p=1)
        b2 = c(m + "/b2_3x3b", 96, 3, p=1)
        n.pool(m + "/avgpool", 3, 1, 1, src=x); b3 = c(m + "/b3", 96, 1)
        return n.concat(m + "/out", [b0, b1, b2, b3])

    def red_a(m, x, k, l, mm, nn):
        b0 = c(m + "/b0", nn, 3, 2, src=x)
        c(m + "/b1_1x1", k, 1, src=x); c(m + "/b1_3x3", l, 3, p=1)
        b1 = c(m + "/b1_3x3s2", mm, 3, 2)
        b2 = n.pool(m + "/maxpool", 3, 2, src=x)
        return n.concat(m + "/out", [b0, b1, b2])

    def inc_b(m, x):
        b0 = c(m + "/b0", 384, 1, src=x)
        c(m + "/b1_1x1", 192, 1, src=x); c(m + "/b1_1x7", 224, (1, 7), p=(0, 3))
        b1 = c(m + "/b1_7x1", 256, (7, 1), p=(3, 0))
        c(m + "/b2_1x1", 192, 1, src=x); c(m + "/b2_7x1a", 192, (7, 1), p=(3, 0))
        c(m + "/b2_1x7a", 224, (1, 7), p=(0, 3)); c(m + "/b2_7x1b", 224, (7, 1), p=(3, 0))
        b2 = c(m + "/b2_1x7b", 256, (1, 7), p=(0, 3))
        n.pool(m + "/avgpool", 3, 1, 1, src=x); b3 = c(m + "/b3", 128, 1)
        return n.concat(m + "/out", [b0, b1, b2, b3])

    def red_b(m, x):
        c(m + "/b0_1x1", 192, 1, src=x); b0 = c(m + "/b0_3x3", 192, 3, 2)
        c(m + "/b1_1x1", 256, 1, src=x); c(m + "/b1_1x7", 256, (1, 7), p=(0, 3))
        c(m + "/b1_7x1", 320, (7, 1), p=(3, 0)); b1 = c(m + "/b1_3x3", 320, 3, 2)
        b2 = n.pool(m + "/maxpool", 3, 2, src=x)
        return n.concat(m + "/out", [b0, b1, b2])

    def inc_c(m, x):
        b0 = c(m + "/b0", 256, 1, src=x)
        r = c(m + "/b1_1x1", 384, 1, src=x)
        b1a = c(m + "/b1_1x3", 256, (1, 3), p=(0, 1), src=r)
        b1b = c(m + "/b1_3x1", 256, (3, 1), p=(1, 0), src=r)
        c(m + "/b2_1x1", 384, 1, src=x); c(m + "/b2_3x1", 448, (3, 1), p=(1, 0))
        r = c(m + "/b2_1x3", 512, (1, 3), p=(0, 1))
        b2a = c(m + "/b2_1x3b", 256, (1, 3), p=(0, 1), src=r)
        b2b = c(m + "/b2_3x1b", 256, (3, 1), p=(1, 0), src=r)
        n.pool(m + "/avgpool", 3, 1, 1, src=x); b3 = c(m + "/b3", 256, 1)
        return n.concat(m + "/out", [b0, b1a, b1b, b2a, b2b, b3])

    for i in range(4):
        m = "Mixed_5" + "bcde"[i]; n.group = m; x = inc_a(m, x)
    n.group = "Mixed_6a"; x = red_a("Mixed_6a", x, 192, 224, 256, 384)
    for i in range(7):
        m = "Mixed_6" + "bcdefgh"[i]; n.group = m; x = inc_b(m, x)
    slim_aux(n, x)
    n.group = "Mixed_7a"; x = red_b("Mixed_7a", x)
    for i in range(3):
        m = "Mixed_7" + "bcd"[i]; n.group = m; x = inc_c(m, x)
    assert n.shape[x] == (1536, 8, 8)
    n.group = "logits"
    n.gpool("avgpool", src=x); n.same("dropout"); n.fc("fc", 1000)
    n.group = None
    return n


def inception_resnet_v2():
    n = Net("inception_resnet_v2", 3, 299, 299)
    c = n.cbr
    n.group = "stem"
    c("Conv2d_1a_3x3", 32, 3, 2)
    c("Conv2d_2a_3x3", 32, 3)
    c("Conv2d_2b_3x3", 64, 3, p=1)
    n.pool("MaxPool_3a_3x3", 3, 2)
    c("Conv2d_3b_1x1", 80, 1)
    c("Conv2d_4a_3x3", 192, 3)
    x = n.pool("MaxPool_5a_3x3", 3, 2)
    assert n.shape[x] == (192, 35, 35)
    m = "Mixed_5b"; n.group = m
    b0 = c(m + "/b0", 96, 1, src=x)
    c(m + "/b1_1x1", 48, 1, src=x); b1 = c(m + "/b1_5x5", 64, 5, p=2)
    c(m + "/b2_1x1", 64, 1, src=x); c(m + "/b2_3x3a", 96, 3, p=1)
    b2 = c(m + "/b2_3x3b", 96, 3, p=1)
    n.pool(m + "/avgpool", 3, 1, 1, src=x); b3 = c(m + "/b3", 64, 1)
    x = n.concat(m + "/out", [b0, b1, b2, b3])

    def up_add(m, x, mixed, relu):
        up = n.conv(m + "/up", n.shape[x][0], 1, src=mixed)   # bias, no BN
        n.add(m + "/add", [x, up])
        if relu:
            n.same(m + "/relu")
        return n.last

    def block35(m, x):
        b0 = c(m + "/b0", 32, 1, src=x)
        c(m + "/b1_1x1", 32, 1, src=x); b1 = c(m + "/b1_3x3", 32, 3, p=1)
        c(m + "/b2_1x1", 32, 1, src=x); c(m + "/b2_3x3a", 48, 3, p=1)
        b2 = c(m + "/b2_3x3b", 64, 3, p=1)
        return up_add(m, x, n.concat(m + "/mixed", [b0, b1, b2]), True)

    def block17(m, x):
        b0 = c(m + "/b0", 192, 1, src=x)
        c(m + "/b1_1x1", 128, 1, src=x); c(m + "/b1_1x7", 160, (1, 7), p=(0, 3))
        b1 = c(m + "/b1_7x1", 192, (7, 1), p=(3, 0))
        return up_add(m, x, n.concat(m + "/mixed", [b0, b1]), True)

    def block8(m, x, relu=True):
        b0 = c(m + "/b0", 192, 1, src=x)
        c(m + "/b1_1x1", 192, 1, src=x); c(m + "/b1_1x3", 224, (1, 3), p=(0, 1))
        b1 = c(m + "/b1_3x1", 256, (3, 1), p=(1, 0))
        return up_add(m, x, n.concat(m + "/mixed", [b0, b1]), relu)

    n.group = "block35"
    for i in range(10):
        x = block35("block35_%d" % (i + 1), x)
    m = "Mixed_6a"; n.group = m
    b0 = c(m + "/b0", 384, 3, 2, src=x)
    c(m + "/b1_1x1", 256, 1, src=x); c(m + "/b1_3x3", 256, 3, p=1)
    b1 = c(m + "/b1_3x3s2", 384, 3, 2)
    b2 = n.pool(m + "/maxpool", 3, 2, src=x)
    x = n.concat(m + "/out", [b0, b1, b2])
    assert n.shape[x] == (1088, 17, 17)
    n.group = "block17"
    for i in range(20):
        x = block17("block17_%d" % (i + 1), x)
    slim_aux(n, x)
    m = "Mixed_7a"; n.group = m
    c(m + "/b0_1x1", 256, 1, src=x); b0 = c(m + "/b0_3x3", 384, 3, 2)
    c(m + "/b1_1x1", 256, 1, src=x); b1 = c(m + "/b1_3x3", 288, 3, 2)
    c(m + "/b2_1x1", 256, 1, src=x); c(m + "/b2_3x3", 288, 3, p=1)
    b2 = c(m + "/b2_3x3s2", 320, 3, 2)
    b3 = n.pool(m + "/maxpool", 3, 2, src=x)
    x = n.concat(m + "/out", [b0, b1, b2, b3])
    assert n.shape[x] == (2080, 8, 8)
    n.group = "block8"
    for i in range(9):
        x = block8("block8_%d" % (i + 1), x)
    x = block8("block8_10", x, relu=False)
    n.group = "logits"
    c("Conv2d_7b_1x1", 1536, 1, src=x)
    n.gpool("avgpool"); n.same("dropout"); n.fc("fc", 1000)
    n.group = None
    return n


NETWORKS = {
    "lenet5": lenet5,
    "alexnet": lambda: alexnet(2),
    "alexnet_single": lambda: alexnet(1),
    "vgg11": lambda: vgg("vgg11"),
    "vgg13": lambda: vgg("vgg13"),
    "vgg16": lambda: vgg("vgg16"),
    "vgg19": lambda: vgg("vgg19"),
    "nin": nin,
    "googlenet": lambda: googlenet(False),
    "googlenet_torchvision": lambda: googlenet(True),
    "resnet18": lambda: resnet(18),
    "resnet34": lambda: resnet(34),
    "resnet50": lambda: resnet(50),
    "resnet101": lambda: resnet(101),
    "resnet152": lambda: resnet(152),
    "resnet50_v1": lambda: resnet(50, v1=True),
    "resnet101_v1": lambda: resnet(101, v1=True),
    "resnet152_v1": lambda: resnet(152, v1=True),
    "inception_v3": inception_v3,
    "inception_v4": inception_v4,
    "inception_resnet_v2": inception_resnet_v2,
}

# Recorded output of the builders above (`--check` recomputes and compares).
# params/macs: inference totals; train_*: with the training-only branches;
# groups: per module / per stage (params, macs) of the inference net, and
# of each training-only head.
EXPECTED = {
    'lenet5': {
        "params": 61706, "macs": 416520,
        "train_params": 61706, "train_macs": 416520,
    },
    'alexnet': {
        "params": 60965224, "macs": 724406816,
        "train_params": 60965224, "train_macs": 724406816,
    },
    'alexnet_single': {
        "params": 62378344, "macs": 1135256096,
        "train_params": 62378344, "train_macs": 1135256096,
    },
    'vgg11': {
        "params": 132863336, "macs": 7609090048,
        "train_params": 132863336, "train_macs": 7609090048,
    },
    'vgg13': {
        "params": 133047848, "macs": 11308466176,
        "train_params": 133047848, "train_macs": 11308466176,
    },
    'vgg16': {
        "params": 138357544, "macs": 15470264320,
        "train_params": 138357544, "train_macs": 15470264320,
    },
    'vgg19': {
        "params": 143667240, "macs": 19632062464,
        "train_params": 143667240, "train_macs": 19632062464,
    },
    'nin': {
        "params": 7595176, "macs": 1100188800,
        "train_params": 7595176, "train_macs": 1100188800,
    },
    'googlenet': {
        "params": 6998552, "macs": 1582671872,
        "train_params": 13378280, "train_macs": 1591044096,
        "groups": {
            'conv1': (9472, 118013952),
            'conv2': (114944, 359661568),
            'inception_3a': (163696, 128049152),
            'inception_3b': (388736, 304267264),
            'inception_4a': (376176, 73608192),
            'aux1': (3188840, 4169728),
            'inception_4b': (449160, 87908352),
            'inception_4c': (510104, 99850240),
            'inception_4d': (605376, 118515712),
            'aux2': (3190888, 4202496),
            'inception_4e': (868352, 169996288),
            'inception_5a': (1043456, 51079168),
            'inception_5b': (1444080, 70697984),
            'fc': (1025000, 1024000),
        },
    },
    'googlenet_torchvision': {
        "params": 6624904, "macs": 1498376192,
        "train_params": 13004888, "train_macs": 1506748416,
        "groups": {
            'conv1': (9536, 118013952),
            'conv2': (115200, 359661568),
            'inception_3a': (155872, 121626624),
            'inception_3b': (340224, 265732096),
            'inception_4a': (364512, 71199744),
            'aux1': (3188968, 4169728),
            'inception_4b': (425232, 83091456),
            'inception_4c': (486192, 95033344),
            'inception_4d': (573312, 112093184),
            'aux2': (3191016, 4202496),
            'inception_4e': (803840, 157151232),
            'inception_5a': (978944, 47867904),
            'inception_5b': (1347040, 65881088),
            'fc': (1025000, 1024000),
        },
    },
    'resnet18': {
        "params": 11689512, "macs": 1814073344,
        "train_params": 11689512, "train_macs": 1814073344,
        "groups": {
            'conv1': (9536, 118013952),
            'conv2_x': (147968, 462422016),
            'conv3_x': (525568, 411041792),
            'conv4_x': (2099712, 411041792),
            'conv5_x': (8393728, 411041792),
            'fc': (513000, 512000),
        },
    },
    'resnet34': {
        "params": 21797672, "macs": 3663761408,
        "train_params": 21797672, "train_macs": 3663761408,
        "groups": {
            'conv1': (9536, 118013952),
            'conv2_x': (221952, 693633024),
            'conv3_x': (1116416, 873463808),
            'conv4_x': (6822400, 1335885824),
            'conv5_x': (13114368, 642252800),
            'fc': (513000, 512000),
        },
    },
    'resnet50': {
        "params": 25557032, "macs": 4089184256,
        "train_params": 25557032, "train_macs": 4089184256,
        "groups": {
            'conv1': (9536, 118013952),
            'conv2_x': (215808, 667942912),
            'conv3_x': (1219584, 1027604480),
            'conv4_x': (7098368, 1464336384),
            'conv5_x': (14964736, 809238528),
            'fc': (2049000, 2048000),
        },
    },
    'resnet101': {
        "params": 44549160, "macs": 7801405440,
        "train_params": 44549160, "train_macs": 7801405440,
        "groups": {
            'conv1': (9536, 118013952),
            'conv2_x': (215808, 667942912),
            'conv3_x': (1219584, 1027604480),
            'conv4_x': (26090496, 5176557568),
            'conv5_x': (14964736, 809238528),
            'fc': (2049000, 2048000),
        },
    },
    'resnet152': {
        "params": 60192808, "macs": 11513626624,
        "train_params": 60192808, "train_macs": 11513626624,
        "groups": {
            'conv1': (9536, 118013952),
            'conv2_x': (215808, 667942912),
            'conv3_x': (2339840, 1901068288),
            'conv4_x': (40613888, 8015314944),
            'conv5_x': (14964736, 809238528),
            'fc': (2049000, 2048000),
        },
    },
    'resnet50_v1': {
        "params": 25557032, "macs": 3857973248,
        "train_params": 25557032, "train_macs": 3857973248,
        "groups": {
            'conv1': (9536, 118013952),
            'conv2_x': (215808, 667942912),
            'conv3_x': (1219584, 950534144),
            'conv4_x': (7098368, 1387266048),
            'conv5_x': (14964736, 732168192),
            'fc': (2049000, 2048000),
        },
    },
    'resnet101_v1': {
        "params": 44549160, "macs": 7570194432,
        "train_params": 44549160, "train_macs": 7570194432,
        "groups": {
            'conv1': (9536, 118013952),
            'conv2_x': (215808, 667942912),
            'conv3_x': (1219584, 950534144),
            'conv4_x': (26090496, 5099487232),
            'conv5_x': (14964736, 732168192),
            'fc': (2049000, 2048000),
        },
    },
    'resnet152_v1': {
        "params": 60192808, "macs": 11282415616,
        "train_params": 60192808, "train_macs": 11282415616,
        "groups": {
            'conv1': (9536, 118013952),
            'conv2_x': (215808, 667942912),
            'conv3_x': (2339840, 1823997952),
            'conv4_x': (40613888, 7938244608),
            'conv5_x': (14964736, 732168192),
            'fc': (2049000, 2048000),
        },
    },
    'inception_v3': {
        "params": 23834568, "macs": 5713216096,
        "train_params": 27161264, "train_macs": 5718899296,
        "groups": {
            'stem': (172672, 1340779616),
            'Mixed_5b': (255904, 312345600),
            'Mixed_5c': (277472, 338688000),
            'Mixed_5d': (285152, 348096000),
            'Mixed_6a': (1153280, 401937408),
            'Mixed_6b': (1297408, 374063104),
            'Mixed_6c': (1691008, 487702528),
            'Mixed_6d': (1691008, 487702528),
            'Mixed_6e': (2141952, 617914368),
            'AuxLogits': (3326696, 5683200),
            'Mixed_7a': (1698304, 291004416),
            'Mixed_7b': (5044608, 322437120),
            'Mixed_7c': (6076800, 388497408),
            'fc': (2049000, 2048000),
        },
    },
    'inception_v4': {
        "params": 42679816, "macs": 12253974624,
        "train_params": 46039280, "train_macs": 12260477024,
        "groups": {
            'stem': (605728, 2289943648),
            'Mixed_5b': (317632, 387609600),
            'Mixed_5c': (317632, 387609600),
            'Mixed_5d': (317632, 387609600),
            'Mixed_5e': (317632, 387609600),
            'Mixed_6a': (2306112, 1097164800),
            'Mixed_6b': (2936256, 847264768),
            'Mixed_6c': (2936256, 847264768),
            'Mixed_6d': (2936256, 847264768),
            'Mixed_6e': (2936256, 847264768),
            'Mixed_6f': (2936256, 847264768),
            'Mixed_6g': (2936256, 847264768),
            'Mixed_6h': (2936256, 847264768),
            'aux': (3359464, 6502400),
            'Mixed_7a': (2747392, 511098880),
            'Mixed_7b': (4553088, 290979840),
            'Mixed_7c': (4553088, 290979840),
            'Mixed_7d': (4553088, 290979840),
            'logits': (1537000, 1536000),
        },
    },
    'inception_resnet_v2': {
        "params": 55843464, "macs": 13155794016,
        "train_params": 59211120, "train_macs": 13162501216,
        "groups": {
            'stem': (172672, 1340779616),
            'Mixed_5b': (268320, 327398400),
            'block35': (1231680, 1499008000),
            'Mixed_6a': (2664960, 1398185984),
            'block17': (22535680, 6498754560),
            'aux': (3367656, 6707200),
            'Mixed_7a': (3880960, 585424896),
            'block8': (20354240, 1300234240),
            'logits': (4734952, 206008320),
        },
    },
}

# Szegedy et al. 2014, Table 1: (params in K = 1024, ops in M = 10^6), weights only
GOOGLENET_TABLE1 = {
    "conv1": (2.7, 34), "conv2": (112, 360),
    "inception_3a": (159, 128), "inception_3b": (380, 304),
    "inception_4a": (364, 73), "inception_4b": (437, 88), "inception_4c": (463, 100),
    "inception_4d": (580, 119), "inception_4e": (840, 170),
    "inception_5a": (1072, 54), "inception_5b": (1388, 71), "fc": (1000, 1),
}


def check():
    bad = 0
    for name, build in NETWORKS.items():
        r = build().result()
        want = EXPECTED[name]
        got = {k: r[k] for k in ("params", "macs", "train_params", "train_macs")}
        got_groups = {g: (p, m) for g, (p, m, w) in r["groups"].items()}
        if any(got[k] != want[k] for k in got) or got_groups != want.get("groups", {}):
            print("MISMATCH", name)
            bad += 1
    print("%d passed, %d failed" % (len(NETWORKS) - bad, bad))
    return 1 if bad else 0


def googlenet_vs_table1():
    """Print GoogLeNet's exact figures next to the paper's Table 1 rows."""
    r = googlenet(False).result()
    print("%-14s %9s %9s %12s %9s %14s %8s" % ("module", "T1 K", "T1 M", "weights", "K=1024",
                                                "MACs", "M"))
    for g, (k, mo) in GOOGLENET_TABLE1.items():
        p, m, w = r["groups"][g]
        print("%-14s %9s %9s %12d %9.1f %14d %8.1f" % (g, k, mo, w, w / 1024, m, m / 1e6))


def main(argv):
    if "--check" in argv:
        return check()
    if "--table1" in argv:
        return googlenet_vs_table1()
    for name, build in NETWORKS.items():
        r = build().result()
        print("%-22s params %12d  macs %15d  train params %12d  train macs %15d  bn %6d"
              % (name, r["params"], r["macs"], r["train_params"], r["train_macs"], r["bn_channels"]))
        if "-v" in argv:
            for g, (p, m, w) in r["groups"].items():
                print("    %-20s params %10d  macs %13d  weights %10d" % (g, p, m, w))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
