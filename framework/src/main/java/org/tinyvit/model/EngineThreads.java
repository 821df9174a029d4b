package org.tinyvit.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinyvit.TinyVitException;

/**
 * Changes how many engine threads a training uses while it runs: any thread may ask
 * ({@link #request}), and the training thread applies the request between two steps
 * ({@link #applyRequested}), because libtorch's intra-op thread count belongs to the thread that
 * issues the operations. A family worker whose neighbours have finished takes their cores this
 * way. A run whose thread count changes is reproducible to float rounding, not to the bit (the
 * sums inside an operation are split differently).
 *
 * <pre>{@code
 * EngineThreads.request(2);                  // from a thread that reads the parent's messages
 * int now = EngineThreads.applyRequested();  // on the training thread, before a step: 2, then 0
 * }</pre>
 */
public final class EngineThreads {
    private static final AtomicInteger REQUESTED = new AtomicInteger();

    private EngineThreads() {}

    /** Asks the training in this process to use {@code threads} engine threads from its next step. */
    public static void request(int threads) {
        if (threads < 1) {
            throw new TinyVitException("engine threads must be at least 1, got " + threads);
        }
        REQUESTED.set(threads);
    }

    /**
     * Applies a pending request on the calling thread (the one that runs the training's
     * operations); the threads it now uses, or 0 when nothing was asked since the last call.
     */
    public static int applyRequested() {
        int threads = REQUESTED.getAndSet(0);
        if (threads > 0 && isPyTorch()) {
            JniUtils.setNumThreads(threads);
        }
        return threads;
    }

    /** The engine threads of the calling thread's operations (PyTorch); 0 for another engine. */
    public static int current() {
        return isPyTorch() ? JniUtils.getNumThreads() : 0;
    }

    private static boolean isPyTorch() {
        return "PyTorch".equals(Engine.getInstance().getEngineName());
    }
}
