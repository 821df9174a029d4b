package org.tinyvit.distill.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;

/** store.json names the augmentation its records replay; the first version knew only the strong one. */
class StoreManifestTest {
    @TempDir
    Path dir;

    private static final String VERSION_1 = """
            {"formatVersion":1,"teacherFingerprint":"t","datasetName":"fashion-mnist/train","datasetFingerprint":"d","sampleCount":10,
             "topK":5,"numClasses":10,"imgSize":28,"seed":7,"minScale":0.35,"maxRatio":1.3333333333333333,"flip":true}
            """;

    @Test
    void aManifestRoundTripsWithItsAugmentation() {
        StoreManifest m = new StoreManifest("t", "fashion-mnist/train", "d", 10, 5, 10, 28, 7, Augmentation.Policy.LIGHT);
        m.write(dir);
        assertEquals(m, StoreManifest.read(dir));
    }

    @Test
    void aFirstVersionManifestReplaysTheStrongAugmentation() throws IOException {
        Files.writeString(dir.resolve(StoreManifest.FILE), VERSION_1);
        assertEquals(Augmentation.Policy.STRONG, StoreManifest.read(dir).augmentation());
    }

    @Test
    void anUnknownAugmentationIsRefusedNamingTheFile() throws IOException {
        Files.writeString(dir.resolve(StoreManifest.FILE), VERSION_1.replace("\"formatVersion\":1", "\"formatVersion\":2")
                .replace("\"flip\":true", "\"augmentation\":\"medium\""));
        TinyVitException e = assertThrows(TinyVitException.class, () -> StoreManifest.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(StoreManifest.FILE) + ": unknown augmentation 'medium'"), e.getMessage());
    }
}
