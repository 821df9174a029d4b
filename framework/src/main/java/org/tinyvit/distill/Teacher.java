package org.tinyvit.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.model.NamedParameters;
import org.tinyvit.model.Scalars;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.tinyvit.TinyVit;
import org.tinyvit.model.tinyvit.TinyVitSpec;

/** A trained model used frozen, in eval mode, with no gradients: a source of targets. */
public final class Teacher implements AutoCloseable {
    private final StudentModel model;
    private final TinyVit block;
    private final String fingerprint;

    private Teacher(StudentModel model, String fingerprint) {
        this.model = model;
        this.block = model.block(TinyVit.class, "a teacher");
        this.fingerprint = fingerprint;
        for (Parameter p : NamedParameters.of(block).values()) {
            p.getArray().setRequiresGradient(false);
        }
    }

    /** Loads a teacher checkpoint folder on the engine's default device. */
    public static Teacher load(Path dir) {
        return load(dir, ai.djl.engine.Engine.getInstance().defaultDevice());
    }

    /** Loads a teacher checkpoint folder on {@code device}. */
    public static Teacher load(Path dir, ai.djl.Device device) {
        return new Teacher(Checkpoint.load(dir, device), fingerprint(dir));
    }

    /** SHA-256 of the checkpoint's weights file: identifies the teacher a store was made with. */
    public static String fingerprint(Path dir) {
        Path weights = dir.resolve(Checkpoint.WEIGHTS_FILE);
        try (InputStream in = new DigestInputStream(Files.newInputStream(weights), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new TinyVitException(weights + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public TinyVitSpec spec() {
        return block.spec();
    }

    public String fingerprint() {
        return fingerprint;
    }

    public StudentModel model() {
        return model;
    }

    /** Softmax probabilities [B, classes] of a batch, without gradient. */
    public NDArray probabilities(NDArray images) {
        return probabilities(images, 1f);
    }

    /** softmax(logits / temperature) [B, classes] of a batch, without gradient. */
    public NDArray probabilities(NDArray images, float temperature) {
        NDArray logits = block.apply(parameters(), images, false);
        return (temperature == 1 ? logits : Scalars.times(logits, 1.0 / temperature)).softmax(1).stopGradient();
    }

    /** q, k, v [B, heads, N, d] of the last block of {@code stage}, its width split into {@code heads}. */
    public NDList relation(NDArray images, int stage, int heads) {
        NDArray tokens = block.applyCapturing(parameters(), images, false, stage)[1];
        return relationOf(tokens, stage, heads);
    }

    public int relationHeads(int stage) {
        return block.lastAttention(stage).heads();
    }

    private NDList relationOf(NDArray tokens, int stage, int heads) {
        long[] s = tokens.getShape().getShape();
        NDArray flat = tokens.reshape(s[0], s[1] * s[2], s[3]);
        NDList qkv = block.lastAttention(stage).relationQueryKeyValue(parameters(), flat, heads, false);
        NDList frozen = new NDList();
        qkv.forEach(a -> frozen.add(a.stopGradient()));
        return frozen;
    }

    /** The frozen weights as the blocks read them (eval mode: no copies, no gradients). */
    private ParameterStore parameters() {
        return new ParameterStore(model.manager(), false);
    }

    @Override
    public void close() {
        model.close();
    }
}
