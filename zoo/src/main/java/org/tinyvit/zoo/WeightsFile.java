package org.tinyvit.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.tinyvit.TinyVitException;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.checkpoint.WeightLoader;
import org.tinyvit.io.SafeTensors;
import org.tinyvit.model.StudentSpec;

/**
 * The weights file of an installed model as model.json records it: its name inside the model
 * folder, its SHA-256 and its size. A file that no longer matches is refused before it is loaded.
 *
 * <pre>{@code
 * WeightsFile recorded = WeightsFile.of(folder.resolve("weights.safetensors"));
 * recorded.verify(folder);
 * }</pre>
 */
public record WeightsFile(String file, String sha256, long size) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public WeightsFile {
        if (!Checkpoint.WEIGHTS_FILE.equals(file)) {
            throw new TinyVitException("weights field 'file' must be \"" + Checkpoint.WEIGHTS_FILE + "\", got \"" + file + "\"");
        }
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new TinyVitException("weights field 'sha256' must be 64 lower-case hex digits, got \"" + sha256 + "\"");
        }
        if (size < 0) {
            throw new TinyVitException("weights field 'size' must not be negative, got " + size);
        }
    }

    /** Records a file as it is now. */
    public static WeightsFile of(Path path) {
        try {
            return new WeightsFile(path.getFileName().toString(), sha256(path), Files.size(path));
        } catch (IOException e) {
            throw TinyVitException.inFile(path, "cannot read (" + e.getMessage() + ")");
        }
    }

    /** Checks the file's size only: cheap enough for listing a zoo. */
    public Path checkSize(Path folder) {
        Path path = folder.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw TinyVitException.inFile(path, "missing (model.json names it as the weights file)");
        }
        try {
            long actual = Files.size(path);
            if (actual != size) {
                throw TinyVitException.inFile(path, "is " + actual + " bytes but model.json records " + size
                        + ": the file was changed or truncated after install; install the model again");
            }
        } catch (IOException e) {
            throw TinyVitException.inFile(path, "cannot read (" + e.getMessage() + ")");
        }
        return path;
    }

    /** Checks size and SHA-256; returns the file's path. */
    public Path verify(Path folder) {
        Path path = checkSize(folder);
        String actual = sha256(path);
        if (!actual.equals(sha256)) {
            throw TinyVitException.inFile(path, "SHA-256 " + actual + " differs from " + sha256
                    + " recorded in model.json: the file is corrupted or was replaced; install the model again");
        }
        return path;
    }

    /**
     * Opens a safetensors state dict for a model of {@code spec}. A file in this project's
     * checkpoint format must have been written for that spec; any other file (timm's, the
     * reference code's) is left to {@link WeightLoader}, which maps tensors by name and shape.
     */
    public static SafeTensors openFor(Path path, StudentSpec spec) {
        if (!Files.isRegularFile(path)) {
            throw TinyVitException.inFile(path, "no such weights file");
        }
        SafeTensors weights = SafeTensors.open(path);
        Checkpoint.checkWeightsMetadata(path, weights.metadata(), spec);
        return weights;
    }

    static String sha256(Path path) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw TinyVitException.inFile(path, "cannot read (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
