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
import org.tinyvit.search.FamilyFile;

/**
 * A worker process of {@link FamilyWorkers}: reads one job (a JSON line on stdin: the family, which
 * member, the store, the recipe, the data), trains that member into its checkpoint folder exactly
 * as {@link FamilyTraining} would in process, and exits: 0 when the member is trained, 2 on a job
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

    private FamilyWorkerMain() {}

    public static void main(String[] args) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(ORPHANED)));
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new TinyVitException("no job on stdin");
            }
            Read job = read(line);
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

    /** A job read back: the settings to train with (in this process, no zoo), the name prefix and the member's index. */
    record Read(FamilyTraining.Settings family, String prefix, int member) {}

    /** The job line for member {@code member} of {@code family}, trained on {@code device} from {@code source}. */
    static String job(FamilyTraining.Settings family, String prefix, int member, DataSource source, String device) {
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
