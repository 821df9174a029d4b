package org.tinyvit.search;

import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.model.ModelFamily;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.SpecJson;
import org.tinyvit.model.tinyvit.TinyVit;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user-added family (registered in META-INF/services) whose models crash when stage 2 has
 * exactly two blocks: for testing that the search isolates failed candidates.
 */
public final class FlakyFamily implements ModelFamily {
    public static final String NAME = "flaky";
    public static final String CRASH = "simulated crash: this flaky model cannot be built";

    /** A TinyViT spec under another family name. */
    public record FlakySpec(TinyVitSpec inner) implements StudentSpec {
        @Override
        public String family() {
            return NAME;
        }

        @Override
        public int imgSize() {
            return inner.imgSize();
        }

        @Override
        public int inChans() {
            return inner.inChans();
        }

        @Override
        public int numClasses() {
            return inner.numClasses();
        }

        @Override
        public StudentSpec withInput(int imgSize, int inChans, int numClasses) {
            return new FlakySpec(inner.withInput(imgSize, inChans, numClasses));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = Json.object();
            node.put(Families.FAMILY_FIELD, NAME);
            node.setAll(inner.toJson());
            return node;
        }

        @Override
        public String key() {
            return Json.compact(toJson());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int stages() {
        return 4;
    }

    @Override
    public StudentSpec parse(JsonNode node, String source) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove(Families.FAMILY_FIELD);
        return new FlakySpec(SpecJson.fromNode(copy, source));
    }

    @Override
    public StudentBlock newBlock(StudentSpec spec) {
        TinyVitSpec inner = ((FlakySpec) spec).inner();
        if (inner.depths()[2] == 2) {
            throw new IllegalStateException(CRASH);
        }
        return new TinyVit(inner);
    }

    @Override
    public long params(StudentSpec spec) {
        return Families.params(((FlakySpec) spec).inner());
    }

    @Override
    public long macs(StudentSpec spec) {
        return Families.macs(((FlakySpec) spec).inner());
    }
}
