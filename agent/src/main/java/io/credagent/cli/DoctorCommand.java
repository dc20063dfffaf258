package io.credagent.cli;

import io.credagent.chain.Environment;
import io.credagent.chain.MfaCodes;
import io.credagent.chain.StepReport;
import io.credagent.config.AgentConfig;
import io.credagent.config.ConfigException;
import io.credagent.config.Option;
import io.credagent.doctor.Doctor;
import io.credagent.doctor.Finding;
import io.credagent.log.Log;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code doctor [--profile NAME] [--format text|json] [options]}: each step of the chain, what
 * wins, and the warnings with their fix ({@link Doctor}). Exit 0 healthy, 1 warnings, 2 errors (or
 * a usage mistake, said on stderr).
 */
final class DoctorCommand {

    private DoctorCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String options = null;
        String profile = null;
        String format = "text";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--profile") || arg.equals("--format")) {
                if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                    err.println("credagent: " + arg + " needs a value");
                    return 2;
                }
                String value = args[++i];
                if (arg.equals("--profile")) {
                    profile = value;
                } else if (value.equals("text") || value.equals("json")) {
                    format = value;
                } else {
                    err.println("credagent: bad value '" + value + "' for --format; accepted: text, json");
                    return 2;
                }
            } else if (arg.startsWith("--")) {
                err.println("credagent: unknown doctor option '" + arg + "'; accepted: --profile, --format");
                return 2;
            } else if (options == null) {
                options = arg;
            } else {
                err.println("credagent: doctor takes one options string (comma-separated), got '" + options + "' and '"
                        + arg + "'");
                return 2;
            }
        }
        AgentConfig config;
        try {
            config = AgentConfig.load(options, ResolveCommand.systemProperties(), System.getenv());
            if (profile != null) {
                config = config.with(Option.PROFILE, profile, "--profile");
            }
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("credagent: " + e.getMessage());
            return 2;
        }
        Log.configure(Log.Level.OFF); // the verdict says it all, once
        MfaCodes.askAt(new TerminalPrompt());
        Doctor doctor = Doctor.examine(config, Environment.system());
        out.print(format.equals("json") ? json(doctor) : text(doctor));
        return doctor.exitCode();
    }

    static String text(Doctor doctor) {
        StringBuilder text = new StringBuilder("credagent doctor: ").append(doctor.selected()).append('\n');
        text.append("chain (the first configured step answers):\n");
        int width = 0;
        for (StepReport step : doctor.steps()) {
            width = Math.max(width, step.step().length());
        }
        for (StepReport step : doctor.steps()) {
            text.append("  ").append(pad(step.step(), width)).append("  ").append(state(step)).append('\n');
        }
        for (Finding finding : doctor.findings()) {
            text.append(label(finding.level())).append(finding.text()).append('\n');
        }
        long warnings = doctor.count(Finding.Level.WARNING);
        long errors = doctor.count(Finding.Level.ERROR);
        text.append("result: ").append(errors == 0 && warnings == 0 ? "healthy"
                : plural(errors, "error") + ", " + plural(warnings, "warning")).append('\n');
        return text.toString();
    }

    private static String state(StepReport step) {
        switch (step.state()) {
            case ANSWERS:
                return "answers";
            case FAILS:
                return "fails (below)";
            case NOTHING_THERE:
                return "configured, nothing there" + (step.detail() != null ? " (" + step.detail() + ")" : "");
            case NOT_ASKED:
                return "not asked (an earlier step answers)";
            default:
                return "not configured" + (step.detail() != null ? " (" + step.detail() + ")" : "");
        }
    }

    private static String label(Finding.Level level) {
        return level == Finding.Level.OK ? "ok: " : level == Finding.Level.WARNING ? "warning: " : "error: ";
    }

    static String json(Doctor doctor) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("selected", doctor.selected());
        List<Object> steps = new ArrayList<>();
        Instant now = Instant.now();
        for (StepReport step : doctor.steps()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("step", step.step());
            entry.put("state", step.state().name().toLowerCase(Locale.ROOT));
            entry.put("detail", step.state() == StepReport.State.FAILS ? step.failure().getMessage() : step.detail());
            if (step.credentials() != null) {
                entry.put("access_key_id", io.credagent.log.Mask.accessKeyId(step.credentials().accessKeyId()));
                entry.put("expiry", step.credentials().expiration() == null ? null
                        : step.credentials().expiration().getEpochSecond());
                entry.put("expires_in_seconds", step.credentials().expiration() == null ? null
                        : step.credentials().expiration().getEpochSecond() - now.getEpochSecond());
            }
            steps.add(entry);
        }
        line.put("steps", steps);
        List<Object> findings = new ArrayList<>();
        for (Finding finding : doctor.findings()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("level", finding.level().name().toLowerCase(Locale.ROOT));
            entry.put("message", finding.text());
            findings.add(entry);
        }
        line.put("findings", findings);
        line.put("exit", doctor.exitCode());
        return JsonLine.write(line) + "\n";
    }

    private static String pad(String text, int width) {
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < width) {
            padded.append(' ');
        }
        return padded.toString();
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
