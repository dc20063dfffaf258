package io.credagent.doctor;

import io.credagent.chain.CredentialChain;
import io.credagent.credentials.Credentials;
import io.credagent.chain.Environment;
import io.credagent.chain.ProfileInspection;
import io.credagent.chain.StepReport;
import io.credagent.config.AgentConfig;
import io.credagent.config.OverrideMode;
import io.credagent.log.Mask;
import io.credagent.log.TimeLeft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code doctor}: what the chain decides, step by step, and what should be fixed before an
 * application relies on it. In the spirit of {@code aws configure list} and {@code granted doctor}.
 * Never prints a secret: key ids masked, messages masked.
 */
public final class Doctor {

    private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final List<StepReport> steps;
    private final List<Finding> findings;
    private final String selected;

    private Doctor(List<StepReport> steps, List<Finding> findings, String selected) {
        this.steps = Collections.unmodifiableList(steps);
        this.findings = Collections.unmodifiableList(findings);
        this.selected = selected;
    }

    public static Doctor examine(AgentConfig config, Environment env) {
        ProfileInspection profiles = ProfileInspection.of(config, env);
        List<StepReport> steps = CredentialChain.create(config, env).inspect();
        List<Finding> findings = new ArrayList<>();
        Instant now = Instant.now();
        Credentials answer = chain(steps, now, findings);
        String selected = "profile '" + profiles.selectedProfile() + "'"
                + (profiles.selectedBy() != null ? " (" + profiles.selectedBy() + ")" : " (the default)");
        override(config.override(), answer, selected, findings);
        files(profiles, findings);
        keys(config, env, profiles, findings);
        sourceProfiles(profiles, findings);
        ssoToken(profiles, now, findings);
        if (answer != null) {
            StsProbe.probe(answer, profiles.stsRegion(config.region()), env, findings);
        }
        return new Doctor(steps, findings, selected);
    }

    private static Credentials chain(List<StepReport> steps, Instant now, List<Finding> findings) {
        for (StepReport step : steps) {
            if (step.state() == StepReport.State.ANSWERS) {
                Credentials credentials = step.credentials();
                findings.add(Finding.ok("credentials from " + step.step() + ": " + describe(credentials, now)));
                return credentials;
            }
            if (step.state() == StepReport.State.FAILS) {
                findings.add(Finding.error(step.failure().getMessage()));
                return null;
            }
        }
        findings.add(Finding.error("no AWS credentials found: no step of the chain is configured; set AWS_PROFILE,"
                + " or profile=<name> in credagent's options"));
        return null;
    }

    /** What option {@code override} will do in the applications, with the identity doctor found. */
    private static void override(OverrideMode mode, Credentials answer, String selected, List<Finding> findings) {
        if (mode == OverrideMode.REPORT) {
            findings.add(Finding.ok("override=report: long-term keys that applications hand to SDK clients are kept and"
                    + " each said once (masked) with the class that supplied it; see them in the log or in status <pid>"));
        } else if (mode == OverrideMode.STATIC && answer != null) {
            if (answer.sessionToken() == null) {
                findings.add(Finding.warning("override=static replaces applications' long-term keys by the credentials of "
                        + selected + ", which are long-term keys too: select a profile with temporary credentials"
                        + " (IAM Identity Center, a role)"));
            } else {
                findings.add(Finding.ok("override=static: long-term keys that applications hand to SDK clients are replaced"
                        + " by the credentials of " + selected));
            }
        }
    }

    /** {@code ASIA...WXYZ, session, expires in 58 min, account 123456789012} */
    static String describe(Credentials credentials, Instant now) {
        return Mask.accessKeyId(credentials.accessKeyId())
                + (credentials.sessionToken() != null ? ", session" : ", long-term")
                + (credentials.expiration() != null ? ", " + TimeLeft.until(credentials.expiration(), now) : "")
                + (credentials.accountId() != null ? ", account " + credentials.accountId() : "");
    }

    private static void files(ProfileInspection profiles, List<Finding> findings) {
        if (profiles.parseError() != null) {
            findings.add(Finding.error(profiles.parseError().getMessage()));
        }
        for (Path file : profiles.existingFiles()) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (!Collections.disjoint(permissions, SHARED)) {
                    findings.add(Finding.warning(profiles.display(file) + " is readable or writable by group or others ("
                            + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file));
                }
            } catch (UnsupportedOperationException | IOException e) {
                // not a POSIX file system (Windows): its ACLs are not judged here
            }
        }
    }

    private static void keys(AgentConfig config, Environment env, ProfileInspection profiles, List<Finding> findings) {
        boolean profileChosen = profiles.selectedBy() != null;
        String keyId = env.env("AWS_ACCESS_KEY_ID");
        if (profileChosen && keyId != null && env.env("AWS_SESSION_TOKEN") == null) {
            findings.add(Finding.warning("long-term keys are set in AWS_ACCESS_KEY_ID (" + Mask.accessKeyId(keyId)
                    + ") while profile '" + profiles.selectedProfile() + "' is selected (" + profiles.selectedBy() + "): "
                    + (config.profile() != null ? "credagent answers from the profile, but SDKs without credagent"
                    : "every default chain, credagent's too (unless profile=" + profiles.selectedProfile() + " is set),")
                    + " take the environment keys first; unset AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY once nothing"
                    + " needs them"));
        }
        List<String> stray = profiles.strayLongTermKeys();
        if (profileChosen && !stray.isEmpty()) {
            findings.add(Finding.warning("long-term keys in the shared files for " + String.join(", ", stray)
                    + ", which profile '" + profiles.selectedProfile() + "' does not use: remove them once nothing needs them"));
        }
    }

    private static void sourceProfiles(ProfileInspection profiles, List<Finding> findings) {
        for (String name : profiles.sourceConflicts()) {
            findings.add(Finding.warning("profile '" + name + "' sets both source_profile and credential_source; keep one"
                    + " (the SDKs refuse such a profile)"));
        }
        String cycle = profiles.sourceCycle();
        if (cycle != null) {
            findings.add(Finding.error("source_profile cycle: " + cycle + "; end the chain in a profile with credentials"));
        }
    }

    private static void ssoToken(ProfileInspection profiles, Instant now, List<Finding> findings) {
        ProfileInspection.SsoToken token = profiles.ssoToken();
        if (token == null) {
            return;
        }
        String what = "the SSO token of " + token.session() + " (" + token.file() + ")";
        String login = "run: aws sso login --profile " + profiles.selectedProfile();
        if (!token.exists()) {
            findings.add(Finding.error(what + " does not exist; " + login));
        } else if (token.expiresAt() == null) {
            findings.add(Finding.error(what + " cannot be read; " + login));
        } else if (token.refreshable()) {
            findings.add(Finding.ok(what + " " + TimeLeft.until(token.expiresAt(), now)
                    + "; refreshable without a person until its session ends"));
        } else if (token.expiresAt().isBefore(now)) {
            findings.add(Finding.error(what + " " + TimeLeft.until(token.expiresAt(), now)
                    + " and cannot be refreshed; " + login));
        } else {
            findings.add(Finding.warning(what + " " + TimeLeft.until(token.expiresAt(), now)
                    + " and cannot be refreshed (no refresh token: a legacy sso_start_url login); then " + login
                    + ", or move the profile to an sso-session"));
        }
    }

    public List<StepReport> steps() {
        return steps;
    }

    public List<Finding> findings() {
        return findings;
    }

    /** {@code profile 'dev' (AWS_PROFILE)} */
    public String selected() {
        return selected;
    }

    public long count(Finding.Level level) {
        return findings.stream().filter(f -> f.level() == level).count();
    }

    /** 0 healthy, 1 warnings, 2 errors. */
    public int exitCode() {
        return count(Finding.Level.ERROR) > 0 ? 2 : count(Finding.Level.WARNING) > 0 ? 1 : 0;
    }
}
