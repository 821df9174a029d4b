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
public class FlakyFamily extends ModelFamily<FlakyFamily.FlakySpec> {
    public static final String NAME = "flaky";
    public static final String CRASH = "simulated crash: this flaky model cannot be built";

    /** A TinyViT spec under another family name. */
    public record FlakySpec(String family, TinyVitSpec inner) implements StudentSpec {

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
            return new FlakySpec(family, inner.withInput(imgSize, inChans, numClasses));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = Json.object();
            node.put(Families.FAMILY_FIELD, family);
            node.setAll(inner.toJson());
            return node;
        }

        @Override
        public String key() {
            return Json.compact(toJson());
        }
    }

    public FlakyFamily() {
        this(NAME);
    }

    protected FlakyFamily(String name) {
        super(name, 4, FlakySpec.class);
    }

    /** What building a bad model does: here, throw. */
    protected void misbehave() {
        throw new IllegalStateException(CRASH);
    }

    @Override
    public FlakySpec parse(JsonNode node, String source) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove(Families.FAMILY_FIELD);
        return new FlakySpec(name(), SpecJson.fromNode(copy, source));
    }

    @Override
    protected StudentBlock build(FlakySpec spec) {
        if (spec.inner().depths()[2] == 2) {
            misbehave();
        }
        return new TinyVit(spec.inner());
    }

    @Override
    protected Cost cost(FlakySpec spec) {
        return CostModel.of(spec.inner());
    }
}
