package io.credagent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * This JVM's wall clock, stopped at a time the harness sets, through libfaketime: the JVM runs with
 * {@code LD_PRELOAD=libfaketimeMT.so.1}, {@code FAKETIME_TIMESTAMP_FILE} naming a file that holds
 * epoch seconds ({@code FAKETIME_FMT=%s}), and {@code FAKETIME_NO_CACHE=1}, so every
 * {@code clock_gettime(CLOCK_REALTIME)} (HotSpot's {@code System.currentTimeMillis()} and
 * {@code Instant.now()}) reads the file and answers the time in it. {@code FAKETIME_DONT_FAKE_MONOTONIC=1}
 * leaves {@code CLOCK_MONOTONIC} ({@code System.nanoTime()}, sleeps, timed waits) real, and
 * {@code FAKETIME_FORCE_MONOTONIC_FIX=0} keeps libfaketime from rewriting the deadlines of monotonic
 * timed waits, so the JVM's own timers keep working. The simulated time moves only when {@link #set} is called: how fast the
 * machine runs cannot change what the code under test sees.
 */
final class SimulatedClock {

    static final String FILE_VARIABLE = "FAKETIME_TIMESTAMP_FILE";

    private final Path file;
    private final Path staging;

    private SimulatedClock(Path file) {
        this.file = file;
        this.staging = Paths.get(file + ".next");
    }

    /** The clock libfaketime reads in this JVM; fails unless setting it really moves this JVM's wall clock. */
    static SimulatedClock ofThisJvm(long epochSecond) throws IOException {
        String file = System.getenv(FILE_VARIABLE);
        if (file == null || !String.valueOf(System.getenv("LD_PRELOAD")).contains("faketime")) {
            throw new IllegalStateException("not running under libfaketime (LD_PRELOAD, " + FILE_VARIABLE + ")");
        }
        SimulatedClock clock = new SimulatedClock(Paths.get(file));
        clock.set(epochSecond);
        return clock;
    }

    /** Stops the wall clock at {@code epochSecond}; checked, so a clock that is not faked fails at once. */
    void set(long epochSecond) throws IOException {
        Files.write(staging, Long.toString(epochSecond).getBytes(StandardCharsets.US_ASCII));
        // A rename, so a reader never sees a half-written file.
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long seen = System.currentTimeMillis();
        if (seen != epochSecond * 1000) {
            throw new IllegalStateException("the wall clock is not simulated: set " + epochSecond * 1000
                    + " ms, System.currentTimeMillis() says " + seen);
        }
    }
}
