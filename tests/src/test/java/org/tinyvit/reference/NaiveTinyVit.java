package org.tinyvit.reference;

import java.util.Map;
import org.tinyvit.model.tinyvit.TinyVitSpec;

/**
 * An independent, deliberately plain TinyViT forward pass (eval mode) in double precision, written
 * from TINYVIT.md §1 with loops only: no DJL, no shared code with the model package. Weights are
 * looked up by timm's names. Padded window positions are left out of each softmax.
 */
final class NaiveTinyVit {
    private final TinyVitSpec spec;
    private final Map<String, float[]> w;

    NaiveTinyVit(TinyVitSpec spec, Map<String, float[]> weights) {
        this.spec = spec;
        this.w = weights;
    }

    /** One image [C][H][W] to logits. */
    double[] logits(double[][][] image) {
        int[] dims = spec.embedDims();
        double[][][] x = convBn(image, "patch_embed.conv1", dims[0] / 2, 3, 2, 1);
        gelu(x);
        x = convBn(x, "patch_embed.conv2", dims[0], 3, 2, 1);
        for (int j = 0; j < spec.depths()[0]; j++) {
            String p = "stages.0.blocks." + j;
            int hidden = (int) (dims[0] * spec.mbconvExpandRatio());
            double[][][] h = convBn(x, p + ".conv1", hidden, 1, 1, 1);
            gelu(h);
            h = convBn(h, p + ".conv2", hidden, 3, 1, hidden);
            gelu(h);
            h = convBn(h, p + ".conv3", dims[0], 1, 1, 1);
            add(h, x);
            gelu(h);
            x = h;
        }
        for (int i = 1; i < dims.length; i++) {
            String p = "stages." + i;
            x = convBn(x, p + ".downsample.conv1", dims[i], 1, 1, 1);
            gelu(x);
            x = convBn(x, p + ".downsample.conv2", dims[i], 3, 2, dims[i]);
            gelu(x);
            x = convBn(x, p + ".downsample.conv3", dims[i], 1, 1, 1);
            for (int j = 0; j < spec.depths()[i]; j++) {
                x = block(x, p + ".blocks." + j, i);
            }
        }
        int c = dims[dims.length - 1];
        double[] pooled = new double[c];
        int hw = x[0].length * x[0][0].length;
        for (int ch = 0; ch < c; ch++) {
            for (double[] row : x[ch]) {
                for (double v : row) {
                    pooled[ch] += v / hw;
                }
            }
        }
        return linear(layerNorm(pooled, "head.norm"), "head.fc", spec.numClasses());
    }

    private double[][][] block(double[][][] x, String p, int stage) {
        int c = x.length;
        int hgt = x[0].length;
        int wid = x[0][0].length;
        int ws = spec.windowSizes()[stage];
        int heads = spec.numHeads()[stage];
        int hd = c / heads;
        double[][][] attnOut = new double[c][hgt][wid];
        for (int wy = 0; wy < hgt; wy += ws) {
            for (int wx = 0; wx < wid; wx += ws) {
                // positions of the window that hold real tokens, with their in-window coordinates
                int n = 0;
                int[][] pos = new int[ws * ws][];
                for (int dy = 0; dy < ws; dy++) {
                    for (int dx = 0; dx < ws; dx++) {
                        if (wy + dy < hgt && wx + dx < wid) {
                            pos[n++] = new int[] {dy, dx};
                        }
                    }
                }
                double[][] qkv = new double[n][];
                for (int t = 0; t < n; t++) {
                    double[] token = new double[c];
                    for (int ch = 0; ch < c; ch++) {
                        token[ch] = x[ch][wy + pos[t][0]][wx + pos[t][1]];
                    }
                    qkv[t] = linear(layerNorm(token, p + ".attn.norm"), p + ".attn.qkv", 3 * c);
                }
                float[] table = w.get(p + ".attn.attention_biases");
                double[][] merged = new double[n][c];
                for (int h = 0; h < heads; h++) {
                    int base = h * 3 * hd; // [q_h | k_h | v_h] per head
                    for (int a = 0; a < n; a++) {
                        double[] scores = new double[n];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int b = 0; b < n; b++) {
                            double dot = 0;
                            for (int d = 0; d < hd; d++) {
                                dot += qkv[a][base + d] * qkv[b][base + hd + d];
                            }
                            int offset = Math.abs(pos[a][0] - pos[b][0]) * ws + Math.abs(pos[a][1] - pos[b][1]);
                            scores[b] = dot / Math.sqrt(hd) + table[h * ws * ws + offset];
                            max = Math.max(max, scores[b]);
                        }
                        double sum = 0;
                        for (int b = 0; b < n; b++) {
                            scores[b] = Math.exp(scores[b] - max);
                            sum += scores[b];
                        }
                        for (int b = 0; b < n; b++) {
                            for (int d = 0; d < hd; d++) {
                                merged[a][h * hd + d] += scores[b] / sum * qkv[b][base + 2 * hd + d];
                            }
                        }
                    }
                }
                for (int t = 0; t < n; t++) {
                    double[] out = linear(merged[t], p + ".attn.proj", c);
                    for (int ch = 0; ch < c; ch++) {
                        attnOut[ch][wy + pos[t][0]][wx + pos[t][1]] = out[ch];
                    }
                }
            }
        }
        add(attnOut, x);
        double[][][] y = convBn(attnOut, p + ".local_conv", c, spec.localConvSize(), 1, c);
        int hidden = (int) (c * spec.mlpRatio());
        for (int r = 0; r < hgt; r++) {
            for (int col = 0; col < wid; col++) {
                double[] token = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    token[ch] = y[ch][r][col];
                }
                double[] h1 = linear(layerNorm(token, p + ".mlp.norm"), p + ".mlp.fc1", hidden);
                for (int k = 0; k < hidden; k++) {
                    h1[k] = gelu(h1[k]);
                }
                double[] h2 = linear(h1, p + ".mlp.fc2", c);
                for (int ch = 0; ch < c; ch++) {
                    y[ch][r][col] += h2[ch];
                }
            }
        }
        return y;
    }

    private double[][][] convBn(double[][][] x, String p, int out, int k, int stride, int groups) {
        float[] kernel = w.get(p + ".conv.weight");
        int in = x.length;
        int hgt = x[0].length;
        int wid = x[0][0].length;
        int pad = (k - 1) / 2;
        int ho = (hgt + 2 * pad - k) / stride + 1;
        int wo = (wid + 2 * pad - k) / stride + 1;
        int inPerGroup = in / groups;
        int outPerGroup = out / groups;
        float[] gamma = w.get(p + ".bn.weight");
        float[] beta = w.get(p + ".bn.bias");
        float[] mean = w.get(p + ".bn.running_mean");
        float[] var = w.get(p + ".bn.running_var");
        double[][][] y = new double[out][ho][wo];
        for (int o = 0; o < out; o++) {
            int g = o / outPerGroup;
            double scale = gamma[o] / Math.sqrt(var[o] + 1e-5);
            for (int r = 0; r < ho; r++) {
                for (int col = 0; col < wo; col++) {
                    double sum = 0;
                    for (int ci = 0; ci < inPerGroup; ci++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = r * stride - pad + ky;
                                int ix = col * stride - pad + kx;
                                if (iy >= 0 && iy < hgt && ix >= 0 && ix < wid) {
                                    sum += kernel[((o * inPerGroup + ci) * k + ky) * k + kx] * x[g * inPerGroup + ci][iy][ix];
                                }
                            }
                        }
                    }
                    y[o][r][col] = (sum - mean[o]) * scale + beta[o];
                }
            }
        }
        return y;
    }

    private double[] linear(double[] x, String p, int out) {
        float[] weight = w.get(p + ".weight");
        float[] bias = w.get(p + ".bias");
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = bias[o];
            for (int i = 0; i < x.length; i++) {
                sum += weight[o * x.length + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    private double[] layerNorm(double[] x, String p) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean) / x.length;
        }
        float[] gamma = w.get(p + ".weight");
        float[] beta = w.get(p + ".bias");
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) / Math.sqrt(var + 1e-5) * gamma[i] + beta[i];
        }
        return y;
    }

    private static void add(double[][][] target, double[][][] other) {
        for (int c = 0; c < target.length; c++) {
            for (int r = 0; r < target[c].length; r++) {
                for (int col = 0; col < target[c][r].length; col++) {
                    target[c][r][col] += other[c][r][col];
                }
            }
        }
    }

    private static void gelu(double[][][] x) {
        for (double[][] plane : x) {
            for (double[] row : plane) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = gelu(row[i]);
                }
            }
        }
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by its Maclaurin series; |x| >= 6 is ±1 to double precision. */
    static double erf(double x) {
        if (Math.abs(x) >= 6) {
            return Math.signum(x);
        }
        if (Math.abs(x) > 3) {
            return Math.signum(x) * (1 - erfcContinuedFraction(Math.abs(x)));
        }
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /** erfc(x) for x > 3 by Lentz's continued fraction. */
    private static double erfcContinuedFraction(double x) {
        double f = 0;
        for (int k = 60; k >= 1; k--) {
            f = k / 2.0 / (x + f);
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
    }
}
