package io.credagent.chain;

import io.credagent.config.AgentConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A described machine for chain tests: a temporary home directory with optional ~/.aws files,
 * environment variables and system properties. Instance metadata is disabled unless a test
 * enables it, so that no test can ever reach 169.254.169.254.
 */
final class Machine {

    final Path home;
    final Map<String, String> env = new HashMap<>();
    final Map<String, String> properties = new HashMap<>();

    Machine(Path home) {
        this.home = home;
        env.put("HOME", home.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
    }

    Machine env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Machine property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    Machine config(String content) {
        return write(home.resolve(".aws").resolve("config"), content);
    }

    Machine credentials(String content) {
        return write(home.resolve(".aws").resolve("credentials"), content);
    }

    /** An executable shell script {@code name} in HOME, e.g. for a profile's {@code credential_process}. */
    Path script(String name, String body) {
        Path script = home.resolve(name);
        write(script, "#!/bin/sh\n" + body);
        if (!script.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + script + " executable");
        }
        return script;
    }

    Machine write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Environment environment() {
        return Environment.of(env, properties);
    }

    CredentialChain chain() {
        return CredentialChain.create(AgentConfig.defaults(), environment());
    }

    /** A chain with credagent options, e.g. {@code profile=app}. */
    CredentialChain chain(String agentArgs) {
        AgentConfig config = AgentConfig.load(agentArgs, Collections.<String, String>emptyMap(),
                Collections.<String, String>emptyMap());
        return CredentialChain.create(config, environment());
    }
}
