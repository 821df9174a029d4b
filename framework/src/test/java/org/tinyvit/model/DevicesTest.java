package org.tinyvit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.tinyvit.TinyVitException;
import org.tinyvit.model.tinyvit.Presets;

/** The device plumbing, on a machine without a GPU: labels, refusals, and a model placed where asked. */
class DevicesTest {
    @Test
    void labelsNameTheCpuAndNumberedGpus() {
        assertEquals(Device.cpu(), Devices.parse("cpu"));
        assertEquals(Device.gpu(0), Devices.parse("gpu"));
        assertEquals(Device.gpu(3), Devices.parse("gpu:3"));
        assertEquals("gpu:3", Devices.label(Devices.parse("gpu:3")));
        TinyVitException e = assertThrows(TinyVitException.class, () -> Devices.parse("tpu:1"));
        assertEquals("device 'tpu:1': expected cpu, gpu or gpu:N (N counted from 0)", e.getMessage());
    }

    @Test
    void aGpuTheEngineDoesNotSeeIsRefusedWithWhatItFoundAndHowToGetCuda() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        TinyVitException e = assertThrows(TinyVitException.class, () -> Devices.available(Device.gpu(0)));
        assertTrue(e.getMessage().startsWith("device gpu:0 asked for, but DJL's PyTorch engine"), e.getMessage());
        assertTrue(e.getMessage().contains("sees 0 GPU(s)") && e.getMessage().contains("PYTORCH_FLAVOR=cu128")
                && e.getMessage().contains("PYTORCH_LIBRARY_PATH"), e.getMessage());
        assertThrows(TinyVitException.class, () -> StudentModel.create(Presets.get("tinyvit-5m"), Device.gpu(0)));
    }

    @Test
    void aModelLivesOnTheDeviceItWasCreatedOn() {
        try (StudentModel model = StudentModel.create(Presets.get("tinyvit-5m").withImgSize(28).withInChans(1).withNumClasses(10), Device.cpu())) {
            assertEquals(Device.cpu(), model.manager().getDevice());
            NamedParameters.of(model.block()).values().forEach(p -> assertEquals(Device.cpu(), p.getArray().getDevice(), p.getName()));
        }
    }
}
