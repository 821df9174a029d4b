package org.tinyvit.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.tinyvit.model.Devices;
import picocli.CommandLine.Option;

/** {@code --device}: where models train and run. */
final class DeviceOption {
    @Option(names = "--device", description = "cpu, gpu or gpu:N (default: the engine's default device; cpu with the bundled libtorch).") String device;

    /** The device named, checked against what the engine sees; the engine's default when none is named. */
    Device device() {
        return device == null ? Engine.getInstance().defaultDevice() : Devices.available(Devices.parse(device));
    }
}
