package io.credagent.it.apps;

import java.nio.channels.FileChannel;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Another process in the middle of a refresh: takes the file lock named by its argument (as
 * credagent does, {@code FileChannel.lock()}), prints {@code LOCKED} and holds it until it is killed.
 */
public final class LockHolderApp {
    private LockHolderApp() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Paths.get(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.lock();
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(600_000L);
        }
    }
}
