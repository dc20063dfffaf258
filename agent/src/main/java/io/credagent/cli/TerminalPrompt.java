package io.credagent.cli;

import io.credagent.chain.MfaCodes;

import java.io.BufferedReader;
import java.io.Console;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * Asks the person at the terminal, as the AWS CLI's {@code getpass} does: on the console without
 * echo when stdin and stdout are the terminal; else on {@code /dev/tty}, so that it still works
 * when stdout is captured ({@code $(...)}, a {@code credential_process} of another tool). Without a
 * terminal nobody is asked.
 */
final class TerminalPrompt implements MfaCodes.Prompt {

    private static final String TTY = "/dev/tty";

    @Override
    public String ask(String question) {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] answer = console.readPassword("%s", question);
            return answer == null ? "" : new String(answer);
        }
        try (OutputStream out = new FileOutputStream(TTY);
             BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(TTY), StandardCharsets.UTF_8))) {
            out.write(question.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = in.readLine();
            return line == null ? "" : line;
        } catch (IOException | SecurityException e) {
            return null; // no controlling terminal (a service, a container without -t)
        }
    }

    /** Java 22+ hands out a console even without a terminal; {@code isTerminal()} tells (absent before: a terminal). */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }
}
