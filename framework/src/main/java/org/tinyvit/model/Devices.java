package org.tinyvit.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinyvit.TinyVitException;

/**
 * Where models run: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}. A GPU that DJL's
 * engine does not see is refused at once, with what the engine found and how to give it a CUDA
 * build of libtorch (the build in this project's jar is the CPU one).
 *
 * <pre>{@code
 * Device device = Devices.available(Devices.parse("gpu:1"));
 * }</pre>
 */
public final class Devices {
    private static final Pattern LABEL = Pattern.compile("cpu|gpu(?::(\\d+))?");

    private Devices() {}

    /** The device a label names; refuses anything but {@code cpu}, {@code gpu} and {@code gpu:N}. */
    public static Device parse(String label) {
        Matcher m = LABEL.matcher(label.trim());
        if (!m.matches()) {
            throw new TinyVitException("device '" + label + "': expected cpu, gpu or gpu:N (N counted from 0)");
        }
        return label.trim().equals("cpu") ? Device.cpu() : Device.gpu(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
    }

    /** {@code device} when the engine has it; a GPU it lacks is refused in one line saying what it found. */
    public static Device available(Device device) {
        if (!device.isGpu()) {
            return device;
        }
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        if (device.getDeviceId() >= gpus) {
            throw new TinyVitException("device " + label(device) + " asked for, but DJL's " + engine.getEngineName() + " engine (libtorch "
                    + engine.getVersion() + ") sees " + gpus + " GPU(s)" + (gpus == 0 ? " (this is the CPU build of libtorch)" : "")
                    + "; for CUDA, set PYTORCH_FLAVOR=cu128 and allow the download (-Dai.djl.offline=false), or point"
                    + " PYTORCH_LIBRARY_PATH at a CUDA libtorch with PYTORCH_VERSION=" + engine.getVersion() + " (docs/gpu.md)");
        }
        return device;
    }

    /** The label of a device as {@link #parse} reads it: {@code cpu} or {@code gpu:N}. */
    public static String label(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }
}
