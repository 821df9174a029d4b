package org.tinyvit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.tinyvit.io.StrictFields;

/**
 * Who gets the cores of a family worker that has no member left: the members still training,
 * each told on its worker's stdin how many engine threads to take; nothing when threads were set
 * by hand or nothing is training.
 */
class FamilyWorkersRebalancingTest {
    @Test
    void onTwoCoresTheLastMemberTrainingTakesBothWhenTheOtherWorkerIsDone() {
        FamilyWorkers.Rebalancing r = new FamilyWorkers.Rebalancing(2, 2, 1, true, new FamilyWorkers.StatusLine());
        StringWriter large = new StringWriter();
        StringWriter small = new StringWriter();
        r.started("21m", large);
        r.started("5m", small);
        r.ended("5m");
        r.workerDone();
        assertEquals(2, threadsAsked(large.toString()));
        assertEquals("", small.toString(), "a member that has ended is told nothing");
    }

    @Test
    void onFourCoresWithThreeWorkersTheTwoStillBusyTakeTwoEachThenTheLastFour() {
        FamilyWorkers.Rebalancing r = new FamilyWorkers.Rebalancing(4, 3, 1, true, new FamilyWorkers.StatusLine());
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        r.started("a", a);
        r.started("b", b);
        r.workerDone();
        assertEquals(2, threadsAsked(a.toString()));
        assertEquals(2, threadsAsked(b.toString()));
        r.ended("b");
        r.workerDone();
        assertEquals(4, threadsAsked(a.toString().lines().toList().getLast()));
        assertEquals(1, b.toString().lines().count(), "b ended before the second worker was done");
    }

    @Test
    void aMemberThatStartsAfterAWorkerWasDoneIsGivenTheLargerShareAtOnce() {
        // the last job was taken off the queue, but its worker had not started, when the other worker found the queue empty
        FamilyWorkers.Rebalancing r = new FamilyWorkers.Rebalancing(2, 2, 1, true, new FamilyWorkers.StatusLine());
        r.workerDone();
        StringWriter late = new StringWriter();
        r.started("5m", late);
        assertEquals(2, threadsAsked(late.toString()));
    }

    @Test
    void threadsSetByHandAreKept() {
        FamilyWorkers.Rebalancing r = new FamilyWorkers.Rebalancing(2, 2, 1, false, new FamilyWorkers.StatusLine());
        StringWriter large = new StringWriter();
        r.started("21m", large);
        r.workerDone();
        assertEquals("", large.toString());
    }

    @Test
    void aShareNoLargerThanTheThreadsAlreadyHeldIsNotSent() {
        FamilyWorkers.Rebalancing r = new FamilyWorkers.Rebalancing(3, 2, 1, true, new FamilyWorkers.StatusLine());
        StringWriter a = new StringWriter();
        r.started("a", a);
        r.workerDone(); // 3 cores for one busy worker: 3
        assertEquals(3, threadsAsked(a.toString()));
        r.workerDone(); // no worker busy any more: nothing more to give
        assertEquals(1, a.toString().lines().count());
    }

    private static int threadsAsked(String message) {
        StrictFields m = StrictFields.of(message.strip(), "family message", FamilyWorkerMain.THREADS, FamilyWorkerMain.FORMAT_VERSION);
        int threads = m.integer("threads");
        m.end();
        return threads;
    }
}
