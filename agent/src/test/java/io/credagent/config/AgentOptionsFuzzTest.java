package io.credagent.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Any agent argument string, {@code -Dcredagent.*} value or {@code CREDAGENT_*} value either loads
 * or is refused with a {@link ConfigException} that names the problem: never another exception,
 * which would escape premain. A bounded fuzzing run is part of the normal build (see the pom).
 */
class AgentOptionsFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyOptionsLoadOrAreRefusedWithAMessage(FuzzedDataProvider data) {
        Map<String, String> properties = new HashMap<>();
        Map<String, String> env = new HashMap<>();
        if (data.consumeBoolean()) {
            properties.put("credagent." + data.pickValue(new String[] {"profile", "region", "enabled", "log", "bogus"}),
                    data.consumeString(40));
        }
        if (data.consumeBoolean()) {
            env.put("CREDAGENT_" + data.pickValue(new String[] {"PROFILE", "REGION", "ENABLED", "LOG", "BOGUS"}),
                    data.consumeString(40));
        }
        String arguments = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        try {
            assertNotNull(AgentConfig.load(arguments, properties, env));
        } catch (ConfigException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().trim().isEmpty(), "an empty message");
        }
    }
}
