package org.tinyvit.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.DataSource;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.io.Json;
import org.tinyvit.io.StrictFields;
import org.tinyvit.model.Devices;
import org.tinyvit.model.EngineThreads;
import org.tinyvit.search.FamilyFile;

/**
 * A worker process of {@link FamilyWorkers}: reads one job (a JSON line on stdin: the family, which
 * member, the store, the recipe, the data), trains that member into its checkpoint folder exactly
 * as {@link FamilyTraining} would in process (taking more engine threads when a later line on stdin
 * asks for them), and exits: 0 when the member is trained, 2 on a job
 * it cannot carry out (the reason on stderr), 3 when the process that started it is gone.
 *
 * <pre>{@code
 * java -cp CLASSPATH -Dai.djl.pytorch.num_threads=1 org.tinyvit.pipeline.FamilyWorkerMain < job.json
 * }</pre>
 */
public final class FamilyWorkerMain {
    public static final int FORMAT_VERSION = 1;
    static final int BAD_JOB = 2;
    static final int ORPHANED = 3;
    static final String THREADS = "threads";

    private FamilyWorkerMain() {}

    public static void main(String[] args) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(ORPHANED)));
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new TinyVitException("no job on stdin");
            }
            Read job = read(line);
            listen(in);
            FamilyTraining.trainMember(job.family(), job.prefix(), FamilyFile.read(job.family().familyFile()), job.member(), false);
        } catch (TinyVitException e) {
            System.err.println(e.getMessage());
            System.exit(BAD_JOB);
        } catch (IOException e) {
            System.err.println("cannot read stdin (" + e.getMessage() + ")");
            System.exit(BAD_JOB);
        }
        System.exit(0); // the engine's threads would keep the JVM alive
    }

    /**
     * Reads the parent's messages while the member trains, on a thread of their own: a
     * {@link #threadsMessage} asks the training for that many engine threads from its next step. A
     * message this worker cannot read is said on stderr and ignored; the end of stdin ends nothing
     * (a parent that is gone stops the process through the orphan check).
     */
    private static void listen(BufferedReader in) {
        Thread.ofPlatform().daemon().name("family-worker-messages").start(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    try {
                        StrictFields message = StrictFields.of(line, "family message", THREADS, FORMAT_VERSION);
                        int threads = message.integer("threads");
                        message.end();
                        EngineThreads.request(threads);
                    } catch (TinyVitException e) {
                        System.err.println("ignoring a message from the parent: " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                // stdin broke with the parent: nothing more will come
            }
        });
    }

    /** The message that asks a worker's training for {@code threads} engine threads. */
    public static String threadsMessage(int threads) {
        return Json.compact(Json.object("formatVersion", FORMAT_VERSION, "type", THREADS, "threads", threads));
    }

    /** A job read back: the settings to train with (in this process, no zoo), the name prefix and the member's index. */
    record Read(FamilyTraining.Settings family, String prefix, int member) {}

    /** The job line for member {@code member} of {@code family}, trained on {@code device} from {@code source}. */
    public static String job(FamilyTraining.Settings family, String prefix, int member, DataSource source, String device) {
        return Json.compact(Json.object("formatVersion", FORMAT_VERSION, "type", "family-member", "familyFile",
                family.familyFile().toAbsolutePath().toString(), "member", member, "prefix", prefix, "store",
                family.store().toAbsolutePath().toString(), "out", family.out().toAbsolutePath().toString(), "config",
                family.config().toJson(), "data", source.toJson(), "device", device));
    }

    static Read read(String line) {
        StrictFields job = StrictFields.of(line, "family job", "family-member", FORMAT_VERSION);
        TrainConfig config = TrainConfig.fromJson(job.object("config"));
        DataSource source = DataSource.fromJson(job.object("data"));
        var settings = new FamilyTraining.Settings(Path.of(job.string("familyFile")), Path.of(job.string("store")), source.splits(), config,
                Optional.empty(), Path.of(job.string("out")), Optional.empty(), Devices.available(Devices.parse(job.string("device"))),
                Optional.empty());
        Read read = new Read(settings, job.string("prefix"), job.integer("member"));
        job.end();
        return read;
    }
}
