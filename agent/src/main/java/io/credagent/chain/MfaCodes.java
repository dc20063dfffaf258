package io.credagent.chain;

import io.credagent.credentials.SdkErrors;
import io.credagent.credentials.CredentialException;

import software.amazon.awssdk.profiles.Profile;

import java.time.Duration;

/**
 * The one-time code for a role profile's {@code mfa_serial}, asked for only when STS is really
 * called (the shared cache usually has the role's credentials, and then nobody is asked):
 * <ol>
 *   <li>the profile's {@code mfa_process} (aws-vault's setting: a command that prints the code),
 *       run with the limits of {@code credential_process};</li>
 *   <li>else the person at the terminal, when credagent runs as a command ({@code resolve}) and
 *       has a {@link Prompt}, or at the desktop, on the thread of a browser page
 *       ({@code interactive=desktop}, {@link #askingOnThisThread});</li>
 *   <li>else a {@link CredentialException.Category#NEEDS_PERSON} failure that says how to provide it.</li>
 * </ol>
 * Inside an application the refresh runs on one thread per identity, so a person or a process is
 * asked at most once per AssumeRole.
 */
public final class MfaCodes {

    static final String MFA_PROCESS = "mfa_process";
    private static final int OUTPUT_LIMIT = 1024;

    /** Someone to ask: the terminal of a credagent command. */
    public interface Prompt {
        /** The answer (empty when nothing was typed), or null when there is nobody to ask (no terminal). */
        String ask(String question);
    }

    private static volatile Prompt prompt;
    private static final ThreadLocal<Prompt> THREAD_PROMPT = new ThreadLocal<>();
    private static volatile Duration processTimeout = Duration.ofSeconds(60);

    private MfaCodes() {
    }

    /** For credagent's commands: from now on codes may be asked for there. */
    public static void askAt(Prompt terminal) {
        prompt = terminal;
    }

    /** Runs {@code work} with codes asked of {@code person} on this thread only (a desktop login's thread). */
    public static <T> T askingOnThisThread(Prompt person, java.util.function.Supplier<T> work) {
        THREAD_PROMPT.set(person);
        try {
            return work.get();
        } finally {
            THREAD_PROMPT.remove();
        }
    }

    /** The limit for {@code mfa_process}, the same as for {@code credential_process} ({@code process-timeout}). */
    static void processTimeout(Duration timeout) {
        processTimeout = timeout;
    }

    static String code(Profile profile, String serial) {
        String where = "profile '" + profile.name() + "' (mfa_serial " + serial + ")";
        String command = profile.property(MFA_PROCESS).map(String::trim).orElse(null);
        if (command != null && !command.isEmpty()) {
            String output;
            try {
                output = new ProfileCommand(profile.name(), MFA_PROCESS, where, command, processTimeout, OUTPUT_LIMIT,
                        "it must print only the current code").run().trim();
            } catch (CredentialException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CredentialException(CredentialException.Category.PROCESS_ERROR, where + ": mfa_process of profile '"
                        + profile.name() + "' failed: " + SdkErrors.message(e) + "; run the command by hand to see why", e);
            }
            if (!isCode(output)) {
                throw new CredentialException(CredentialException.Category.PROCESS_ERROR, where + ": mfa_process of profile '"
                        + profile.name() + "' printed no 6-digit code; it must print only the current code of " + serial);
            }
            return output;
        }
        Prompt terminal = THREAD_PROMPT.get() != null ? THREAD_PROMPT.get() : prompt;
        String answer = terminal == null ? null : terminal.ask("Enter MFA code for " + serial + ": ");
        if (answer != null) {
            if (isCode(answer.trim())) {
                return answer.trim();
            }
            throw new CredentialException(CredentialException.Category.NEEDS_PERSON, where
                    + ": no MFA code was entered; enter the 6 digits your MFA device shows for " + serial);
        }
        throw new CredentialException(CredentialException.Category.NEEDS_PERSON, where
                + ": the role needs an MFA code and nobody can be asked here; run once per session: java -jar credagent.jar"
                + " login --profile " + profile.name() + " (it asks for the code and shares the role's credentials with"
                + " every JVM and the AWS CLI through ~/.aws/cli/cache), or set mfa_process in the profile")
                .fixedByLogin(profile.name());
    }

    private static boolean isCode(String text) {
        return text.matches("[0-9]{6}");
    }
}
