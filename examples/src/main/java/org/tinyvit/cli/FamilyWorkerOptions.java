package org.tinyvit.cli;

import ai.djl.Device;
import java.util.List;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.model.Devices;
import org.tinyvit.pipeline.FamilyWorkers;
import picocli.CommandLine.Option;

/** Where a family's members train: side by side in worker processes, or one after the other in this process. Shared by train-family and pipeline. */
final class FamilyWorkerOptions {
    @Option(names = "--family-workers", description = "Worker processes training family members side by side (default: one per core, at most one per member, on a CPU; none, i.e. one after the other in this process, on a GPU or when that makes one worker).") Integer workers;

    @Option(names = "--family-threads", description = "Engine threads of each family worker (default: the cores divided among the workers).") Integer threads;

    @Option(names = "--family-devices", split = ",", description = "Devices the family workers take in turn, e.g. gpu:0,gpu:1 for one GPU each (default: --device).") List<String> devices;

    /** The workers for {@code members} members on {@code device}, or empty to train them in this process. */
    Optional<FamilyWorkers.Settings> workers(int members, DataSource source, Device device) {
        if (workers == null && threads == null && devices == null) {
            return FamilyWorkers.Settings.defaults(members, source, device);
        }
        if (workers != null && workers < 1) {
            throw new TinyVitException("--family-workers must be at least 1, got " + workers);
        }
        int n = workers != null ? workers : devices != null ? devices.size() : FamilyWorkers.Settings.perCore(members);
        FamilyWorkers.Settings pool = FamilyWorkers.Settings.of(n, source).withDevices(List.of(Devices.label(device)));
        if (threads != null) {
            pool = pool.withThreads(threads);
        }
        if (devices != null) {
            pool = pool.withDevices(devices.stream().map(d -> Devices.label(Devices.available(Devices.parse(d)))).toList());
        }
        return Optional.of(pool);
    }
}
