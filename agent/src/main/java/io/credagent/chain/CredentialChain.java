package io.credagent.chain;

import io.credagent.credentials.SdkErrors;
import io.credagent.credentials.CredentialException;
import io.credagent.credentials.CredentialSource;
import io.credagent.credentials.Credentials;

import io.credagent.config.AgentConfig;
import io.credagent.config.CacheMode;
import io.credagent.log.Log;
import io.credagent.sharedcache.SharedCache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * credagent's one credential chain, composed of the bundled SDK v2 providers:
 * system properties, environment variables, web identity, profile, container, instance metadata.
 *
 * <p>The difference to the SDK's {@code DefaultCredentialsProvider}, which tries every provider and
 * silently moves on: here a step that is not configured is skipped, but the first configured step
 * answers or fails, and its failure stops the chain. An expired SSO session or a failing
 * {@code credential_process} must surface as such, not turn into the instance's role.
 *
 * <p>With credagent's {@code profile} option the chain is that profile alone: it then wins over
 * static keys in the environment, which is how an application is moved off them.
 *
 * <p>Runs inside the agent's isolated class loader. The SDK finds implementations (HTTP clients and
 * more) through the thread context class loader, which on an application thread would find the
 * application's own, different SDK copy; so every resolution runs with the context class loader
 * set to the chain's own loader.
 */
public final class CredentialChain implements CredentialSource {

    private final List<Step> steps;
    private final String description;
    private volatile Step lastAnswering;

    /** Tests build chains from their own steps. */
    CredentialChain(List<Step> steps, String description) {
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
        this.description = description;
    }

    /** Cheap: reads no file and builds no SDK client; that happens on the first {@link #resolve()}. */
    public static CredentialChain create(AgentConfig config, Environment env) {
        if (config.profile() != null) {
            return onlyProfile(config, env, config.profile(), "credagent option profile", true);
        }
        return full(config, env, selectedProfileName(env), selectedBy(env));
    }

    /**
     * The profile step alone, exactly as it sits in {@link #create}: credagent's {@code profile}
     * option, else {@code aws.profile} / {@code AWS_PROFILE}, else {@code default}. For the CLI's
     * {@code resolve --scope profile}: what the profile gives, whatever the environment holds.
     */
    public static CredentialChain profileOnly(AgentConfig config, Environment env) {
        return config.profile() != null
                ? onlyProfile(config, env, config.profile(), "credagent option profile", true)
                : onlyProfile(config, env, selectedProfileName(env), selectedBy(env), false);
    }

    /**
     * A profile the application named itself ({@code new ProfileCredentialsProvider("dev")}): that
     * profile alone, with every kind of profile credagent supports.
     */
    public static CredentialChain forProfile(AgentConfig config, Environment env, String name) {
        return onlyProfile(config, env, name, "named by the application", true);
    }

    /**
     * A default chain the application gave a profile name ({@code DefaultCredentialsProvider.builder()
     * .profileName("dev")}): the full chain, with that profile in the profile step.
     */
    public static CredentialChain withProfile(AgentConfig config, Environment env, String name) {
        return full(config, env, name, "profile name set by the application");
    }

    /** The profile the environment selects, as the SDKs do: {@code -Daws.profile}, {@code AWS_PROFILE}, else {@code default}. */
    public static String selectedProfileName(Environment env) {
        String name = env.setting("aws.profile", null);
        if (name == null) {
            name = env.setting(null, "AWS_PROFILE");
        }
        return name != null ? name : "default";
    }

    /** Which setting selected the profile, for messages; null for the implicit {@code default}. */
    static String selectedBy(Environment env) {
        return env.setting("aws.profile", null) != null ? "-Daws.profile"
                : env.setting(null, "AWS_PROFILE") != null ? "AWS_PROFILE" : null;
    }

    private static CredentialChain onlyProfile(AgentConfig config, Environment env, String name, String selectedBy,
                                               boolean explicit) {
        ProfileFiles files = ProfileFiles.locate(env);
        MfaCodes.processTimeout(processTimeout(config));
        ProfileStep only = new ProfileStep(name, selectedBy, explicit, files, env, config.region(),
                processTimeout(config), sharedCache(config, files));
        return new CredentialChain(Collections.<Step>singletonList(only), only.describe());
    }

    private static CredentialChain full(AgentConfig config, Environment env, String profileName, String selectedBy) {
        ProfileFiles files = ProfileFiles.locate(env);
        SharedCache shared = sharedCache(config, files);
        MfaCodes.processTimeout(processTimeout(config)); // one limit per process, as there is one terminal
        List<Step> steps = Arrays.<Step>asList(
                StaticKeysStep.systemProperties(env),
                StaticKeysStep.environmentVariables(env),
                new WebIdentityStep(env, files, profileName, config.region(), shared),
                new ProfileStep(profileName, selectedBy, false, files, env, config.region(), processTimeout(config),
                        shared),
                new ContainerStep(env),
                new InstanceMetadataStep(env, files, profileName));
        List<String> names = new ArrayList<>();
        for (Step step : steps) {
            names.add(step.describe());
        }
        return new CredentialChain(steps, String.join(", ", names));
    }

    private static SharedCache sharedCache(AgentConfig config, ProfileFiles files) {
        return config.cache() == CacheMode.SHARED ? SharedCache.inHome(files.homeDirectory()) : SharedCache.memoryOnly();
    }

    private static Duration processTimeout(AgentConfig config) {
        return Duration.ofSeconds(config.processTimeoutSeconds());
    }

    @Override
    public Credentials resolve() {
        return AgentContextLoader.call(this::walk);
    }

    private Credentials walk() {
        List<String> checked = new ArrayList<>();
        for (Step step : steps) {
            try {
                if (!step.isConfigured()) {
                    checked.add(withReason(step.describe(), step.notConfiguredReason()));
                    continue;
                }
                Credentials credentials = step.resolve();
                noteAnswering(step, checked);
                return credentials;
            } catch (StepUnavailable e) {
                checked.add(withReason(step.describe(), e.getMessage()));
            } catch (CredentialException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CredentialException(CredentialException.Category.INTERNAL,
                        step.describe() + ": unexpected failure: " + SdkErrors.message(e), e);
            }
        }
        lastAnswering = null;
        throw new CredentialException(CredentialException.Category.NOT_CONFIGURED,
                "no AWS credentials found: checked " + String.join(", ", checked)
                        + "; set profile=<name> in the agent options, or AWS_PROFILE");
    }

    /**
     * Every step in order and what it does, as {@link #resolve()} would decide: the first configured
     * step is resolved (and may fail); the ones after it are not asked, so nothing further is called.
     */
    public List<StepReport> inspect() {
        return AgentContextLoader.call(() -> {
            List<StepReport> reports = new ArrayList<>();
            boolean decided = false;
            for (Step step : steps) {
                if (decided) {
                    reports.add(new StepReport(step.describe(), StepReport.State.NOT_ASKED, null, null, null));
                    continue;
                }
                try {
                    if (!step.isConfigured()) {
                        reports.add(new StepReport(step.describe(), StepReport.State.NOT_CONFIGURED,
                                step.notConfiguredReason(), null, null));
                        continue;
                    }
                    reports.add(new StepReport(step.describe(), StepReport.State.ANSWERS, null, step.resolve(), null));
                } catch (StepUnavailable e) {
                    reports.add(new StepReport(step.describe(), StepReport.State.NOTHING_THERE, e.getMessage(), null, null));
                    continue;
                } catch (CredentialException e) {
                    reports.add(new StepReport(step.describe(), StepReport.State.FAILS, null, null, e));
                } catch (RuntimeException e) {
                    reports.add(new StepReport(step.describe(), StepReport.State.FAILS, null, null,
                            new CredentialException(CredentialException.Category.INTERNAL,
                                    step.describe() + ": unexpected failure: " + SdkErrors.message(e), e)));
                }
                decided = true;
            }
            return reports;
        });
    }

    /** One debug line when the answering step changes, not one per lookup. */
    private void noteAnswering(Step step, List<String> skipped) {
        if (lastAnswering != step) {
            lastAnswering = step;
            if (Log.isDebug()) {
                Log.debug("credentials from " + step.describe()
                        + (skipped.isEmpty() ? "" : "; skipped (not configured): " + String.join(", ", skipped)));
            }
        }
    }

    private static String withReason(String step, String reason) {
        return reason == null ? step : step + " (" + reason + ")";
    }

    /** The steps in order, e.g. {@code system properties, environment variables, web identity, profile 'default', container, instance metadata}. */
    @Override
    public String describe() {
        return description;
    }
}
