package org.tinyvit.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.io.Json;
import tools.jackson.databind.JsonNode;

/** A user's image folder (one subfolder per class) through DJL's ImageFolder, end to end. */
class ImageFolderTest {
    @TempDir
    Path dir;

    /** Two classes that a model can tell apart: light noise with a dark bar, dark noise with a light bar. */
    private void writeImages(int perClass) throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        for (String cls : new String[] {"bars", "dots"}) {
            Path folder = Files.createDirectories(dir.resolve(cls));
            for (int i = 0; i < perClass; i++) {
                BufferedImage image = new BufferedImage(20, 24, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 24; y++) {
                    for (int x = 0; x < 20; x++) {
                        int base = cls.equals("bars") ? 200 : 40;
                        boolean bar = cls.equals("bars") ? x >= 8 && x < 12 : (x % 6 == 0 && y % 6 == 0);
                        int v = bar ? 255 - base : base + random.nextInt(30);
                        image.setRGB(x, y, v << 16 | v << 8 | v);
                    }
                }
                ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
            }
        }
    }

    @Test
    void folderImagesAreReadSplitAndTrainedOn() throws IOException {
        writeImages(100);
        DataSplits data = DataSource.of(dir, "folder", 16, false).splits();
        assertEquals(3, data.train().channels());
        assertEquals(16, data.train().height());
        assertEquals(java.util.List.of("bars", "dots"), data.train().classes());
        assertEquals(200, data.train().size() + data.val().size() + data.test().size());

        org.tinyvit.cli.CommandLineTest.Result r = org.tinyvit.cli.CommandLineTest.tinyvit("distill", "--loss", "labels", "--format", "folder",
                "--data", dir.toString(), "--folder-size", "16", "--epochs", "8", "--batch", "16", "--lr", "2e-3",
                "--out", dir.resolve("out").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode m = Json.parse(r.out());
        assertTrue(m.get("testAccuracy").asDouble() >= 0.75, m.toString());
    }

}
