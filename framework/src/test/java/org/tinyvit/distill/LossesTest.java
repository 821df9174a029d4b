package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.tinyvit.distill.store.LogitRecord;

/** Each loss against a value computed by hand (log-sum-exp on paper, or Python's math module). */
class LossesTest {
    @Test
    void crossEntropyOfOneRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = Losses.crossEntropy(m.create(new float[] {1, 2, 3}, new Shape(1, 3)), m.create(new int[] {2})).getFloat();
            assertEquals(0.40760596f, loss, 1e-6f); // -log(e^3 / (e + e^2 + e^3))
        }
    }

    @Test
    void softCrossEntropyOfOneRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = Losses.softCrossEntropy(m.create(new float[] {1, 2, 3}, new Shape(1, 3)),
                    m.create(new float[] {0.2f, 0.3f, 0.5f}, new Shape(1, 3))).getFloat();
            assertEquals(1.10760596f, loss, 1e-6f);
        }
    }

    @Test
    void softeningASoftmaxToTemperatureTwoIsTheSoftmaxOfHalfTheLogits() {
        // softmax([1, 2, 3]) softened to T = 2; expected softmax([0.5, 1, 1.5]) from Python's math module
        float[] p = {9, 0.09003057f, 0.24472847f, 0.66524096f, 9};
        Losses.soften(p, 1, 3, 2f);
        assertArrayEquals(new float[] {9, 0.18632372f, 0.30719589f, 0.50648039f, 9}, p, 1e-6f);
        float[] zero = {0.5f, 0f, 0.5f};
        Losses.soften(zero, 0, 3, 4f);
        assertArrayEquals(new float[] {0.5f, 0f, 0.5f}, zero, 1e-7f);
    }

    @Test
    void hintonsLossAtTemperatureTwoIsFourTimesTheCrossEntropyOfHalfTheLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            var logits = m.create(new float[] {1, 2, 3}, new Shape(1, 3));
            var target = m.create(new float[] {0.2f, 0.3f, 0.5f}, new Shape(1, 3));
            // 4 * -(0.2 ln q0 + 0.3 ln q1 + 0.5 ln q2), q = softmax([0.5, 1, 1.5]), by Python's math module
            assertEquals(4.12107868f, Losses.softCrossEntropy(logits, target, 2f).getFloat(), 1e-5f);
            assertEquals(1.10760596f, Losses.softCrossEntropy(logits, target, 1f).getFloat(), 1e-6f);
        }
    }

    @Test
    void sparseTargetSpreadsTheRemainderOverTheOtherClasses() {
        float[] out = new float[7];
        Losses.sparseTarget(new int[] {2, 0}, new float[] {0.6f, 0.3f}, 5, out, 1);
        assertArrayEquals(new float[] {0, 0.3f, 0.1f / 3, 0.6f, 0.1f / 3, 0.1f / 3, 0}, out, 1e-7f);
    }

    @Test
    void relationLossIsKlOfQueryKeyAndValueValueRelations() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(1, 1, 2, 1); // batch 1, one head, two tokens, head dim 1
            NDList teacher = new NDList(m.create(new float[] {1, 0}, s), m.create(new float[] {1, 1}, s), m.create(new float[] {1, 0}, s));
            NDList student = new NDList(m.create(new float[] {1, 0}, s), m.create(new float[] {1, -1}, s), m.create(new float[] {2, 0}, s));
            // QK: row 0 KL([.5,.5] || softmax[1,-1]) = 0.43378, row 1 equal: mean 0.21689
            // VV: row 0 KL(softmax[1,0] || softmax[4,0]) = 0.51171, row 1 equal: mean 0.25586
            assertEquals(0.47274667f, Losses.relation(teacher, student).getFloat(), 1e-6f);
            assertEquals(0f, Losses.relation(teacher, teacher).getFloat(), 1e-7f);
        }
    }

    @Test
    void topKIsSortedDescendingWithTiesByLowerClass() {
        LogitRecord r = new LogitRecord(3);
        TopK.select(new float[] {9, 0.1f, 0.4f, 0.2f, 0.4f, 0.05f}, 1, 5, r);
        assertArrayEquals(new int[] {1, 3, 2}, r.classes);
        assertArrayEquals(new float[] {0.4f, 0.4f, 0.2f}, r.probs, 0f);
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysByCosine() {
        LrSchedule s = new LrSchedule(1f, 4, 104, 0.01f);
        assertEquals(0.25f, s.at(0), 1e-7f);
        assertEquals(1f, s.at(3), 1e-7f);
        assertEquals(1f, s.at(4), 1e-7f);
        assertEquals(0.505f, s.at(54), 1e-6f);
        assertEquals(0.01f, s.at(104), 1e-6f);
    }

    @Test
    void weightDecayAppliesToConvAndLinearWeightsOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(true, AdamW.decays("stages.1.blocks.0.attn.qkv.weight", m.zeros(new Shape(96, 32))));
            assertEquals(true, AdamW.decays("patch_embed.conv1.conv.weight", m.zeros(new Shape(8, 1, 3, 3))));
            assertEquals(false, AdamW.decays("stages.1.blocks.0.attn.attention_biases", m.zeros(new Shape(2, 49))));
            assertEquals(false, AdamW.decays("head.norm.weight", m.zeros(new Shape(32))));
            assertEquals(false, AdamW.decays("head.fc.bias", m.zeros(new Shape(10))));
        }
    }
}
