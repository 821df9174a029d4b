package org.tinyvit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;

/** The named recipes are the settings docs/benchmarks.md measured under their names; each differs from the defaults only where it says. */
class PipelineRecipesTest {
    @Test
    void balancedIsTheRegularisedTeacherAndThreeFamilyEpochsAtTheDatasOwnSize() {
        Pipeline.Settings fast = Pipeline.Settings.recipe("fast");
        Pipeline.Settings balanced = Pipeline.Settings.recipe("balanced");
        assertEquals(0, balanced.imgSize(), "the data's own 28 px");
        assertEquals(8, balanced.teacherTraining().epochs());
        assertEquals(0.1, balanced.teacher().dropPath(), 0.0);
        assertEquals(Augmentation.Policy.FLIP, balanced.teacherTraining().augmentation());
        assertEquals(3, balanced.familyTraining().epochs());
        assertEquals(Augmentation.Policy.FLIP, balanced.familyTraining().augmentation(), "the store and the members replay the flip");
        assertEquals(fast.storeEpochs(), balanced.storeEpochs());
        assertEquals(fast.search(), balanced.search());
        assertEquals(fast.proxy(), balanced.proxy());
        assertEquals(fast.budgets(), balanced.budgets());
        assertEquals(fast.teacherTraining().withEpochs(8).withAugmentation(Augmentation.Policy.FLIP), balanced.teacherTraining(),
                "the rate, batch and seed of the defaults");
    }

    @Test
    void accurateIsTheSameAt56PxWithFiveFamilyEpochs() {
        Pipeline.Settings balanced = Pipeline.Settings.recipe("balanced");
        Pipeline.Settings accurate = Pipeline.Settings.recipe("accurate");
        assertEquals(56, accurate.imgSize());
        assertEquals(balanced.teacherTraining(), accurate.teacherTraining());
        assertEquals(balanced.teacher().dropPath(), accurate.teacher().dropPath(), 0.0);
        assertEquals(5, accurate.familyTraining().epochs());
        assertEquals(balanced.familyTraining().withEpochs(5), accurate.familyTraining());
        assertEquals(0, Pipeline.Settings.recipe("fast").imgSize());
        assertEquals(0.0, Pipeline.Settings.recipe("fast").teacher().dropPath(), 0.0);
    }

    @Test
    void anUnknownRecipeIsRefusedByName() {
        TinyVitException e = assertThrows(TinyVitException.class, () -> Pipeline.Settings.recipe("best"));
        assertEquals("unknown recipe 'best'; use fast, balanced or accurate", e.getMessage());
    }
}
