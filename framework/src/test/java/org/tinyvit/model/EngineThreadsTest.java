package org.tinyvit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tinyvit.TinyVitException;

/** A request for engine threads, made on any thread, changes libtorch's threads when the training thread applies it, once. */
class EngineThreadsTest {
    @Test
    void aRequestFromAnotherThreadIsAppliedOnTheCallingThreadOnce() throws Exception {
        int before = EngineThreads.current();
        int wanted = before == 1 ? 2 : 1;
        try {
            Thread asker = Thread.ofPlatform().start(() -> EngineThreads.request(wanted));
            asker.join();
            assertEquals(before, EngineThreads.current(), "nothing changes before the training thread applies it");
            assertEquals(wanted, EngineThreads.applyRequested());
            assertEquals(wanted, EngineThreads.current());
            assertEquals(0, EngineThreads.applyRequested(), "applied once");
        } finally {
            EngineThreads.request(before);
            EngineThreads.applyRequested();
        }
        assertEquals(before, EngineThreads.current());
    }

    @Test
    void fewerThanOneThreadIsRefused() {
        assertThrows(TinyVitException.class, () -> EngineThreads.request(0));
    }
}
