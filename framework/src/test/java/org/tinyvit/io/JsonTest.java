package org.tinyvit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    /** The words a refusal shows: each setting that differs, what the file holds first, a missing or null value as (none). */
    @Test
    void differencesNameEachSettingThatDiffers() {
        var found = Json.parse("{\"lr\": 0.002, \"seed\": 1, \"teacher\": null, \"epochs\": 3}");
        var asked = Json.parse("{\"lr\": 0.001, \"seed\": 1, \"teacher\": \"tinyvit-5m\", \"batch\": 128}");
        assertEquals(List.of("lr 0.002, not 0.001", "teacher (none), not \"tinyvit-5m\"", "batch (none), not 128"),
                Json.differences(found, asked, List.of("lr", "seed", "teacher", "batch")));
        assertEquals(List.of("epochs 3, not (none)"), Json.differences(found, asked, List.of("seed", "epochs")));
        assertEquals(List.of(), Json.differences(found, found, List.of("lr", "seed", "teacher", "epochs")));
    }
}
