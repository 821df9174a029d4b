package org.tinyvit.search;

import org.tinyvit.io.Json;
import org.tinyvit.model.Cost;
import org.tinyvit.model.Families;
import org.tinyvit.model.ModelFamily;
import org.tinyvit.model.StudentBlock;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.CostModel;
import org.tinyvit.model.tinyvit.SpecJson;
import org.tinyvit.model.tinyvit.TinyVit;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user-added family (registered in META-INF/services) whose models crash when stage 2 has
 * exactly two blocks: for testing that the search isolates failed candidates.
 */
public final class FlakyFamily extends ModelFamily<FlakyFamily.FlakySpec> {
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

    public FlakyFamily() {
        super(NAME, 4, FlakySpec.class);
    }

    @Override
    public FlakySpec parse(JsonNode node, String source) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove(Families.FAMILY_FIELD);
        return new FlakySpec(SpecJson.fromNode(copy, source));
    }

    @Override
    protected StudentBlock build(FlakySpec spec) {
        if (spec.inner().depths()[2] == 2) {
            throw new IllegalStateException(CRASH);
        }
        return new TinyVit(spec.inner());
    }

    @Override
    protected Cost cost(FlakySpec spec) {
        return CostModel.of(spec.inner());
    }
}
