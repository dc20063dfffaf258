package io.credagent.config;

import io.credagent.log.Log;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentConfigTest {

    private static final Map<String, String> NONE = Collections.emptyMap();

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String failure(String args, Map<String, String> properties, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> AgentConfig.load(args, properties, env)).getMessage();
    }

    @Test
    void defaults() {
        AgentConfig config = AgentConfig.load(null, NONE, NONE);
        assertTrue(config.enabled());
        assertEquals(Log.Level.INFO, config.log());
        assertNull(config.profile());
        assertNull(config.region());
        assertEquals(Interception.STANDARD, config.interception());
        assertEquals(OverrideMode.NONE, config.override());
        assertEquals("enabled=true, log=info, profile=(unset), region=(unset), intercept=standard, override=none, process-timeout=60, cache=shared, interactive=never",
                config.toString());
        assertEquals(config.toString(), AgentConfig.defaults().toString());
    }

    @Test
    void emptyOrBlankArgumentsMeanNoOptions() {
        assertNull(AgentConfig.load("", NONE, NONE).profile());
        assertNull(AgentConfig.load("   ", NONE, NONE).profile());
    }

    @Test
    void readsAllOptionsFromAgentArguments() {
        AgentConfig config = AgentConfig.load("enabled=false,log=debug,profile=app,region=eu-west-1", NONE, NONE);
        assertFalse(config.enabled());
        assertEquals(Log.Level.DEBUG, config.log());
        assertEquals("app", config.profile());
        assertEquals("eu-west-1", config.region());
    }

    @Test
    void trimsKeysAndValues() {
        AgentConfig config = AgentConfig.load(" profile = app , log= ERROR ", NONE, NONE);
        assertEquals("app", config.profile());
        assertEquals(Log.Level.ERROR, config.log());
    }

    @Test
    void readsSystemPropertiesAndEnvironment() {
        assertEquals("p", AgentConfig.load(null, map("credagent.profile", "p"), NONE).profile());
        assertEquals("e", AgentConfig.load(null, NONE, map("CREDAGENT_PROFILE", "e")).profile());
        assertEquals("eu-central-1", AgentConfig.load(null, NONE, map("CREDAGENT_REGION", " eu-central-1 ")).region());
    }

    @Test
    void agentArgumentsBeatSystemPropertiesWhichBeatEnvironment() {
        Map<String, String> properties = map("credagent.profile", "fromProperty", "credagent.log", "error");
        Map<String, String> env = map("CREDAGENT_PROFILE", "fromEnv", "CREDAGENT_LOG", "debug", "CREDAGENT_REGION", "us-west-2");
        AgentConfig config = AgentConfig.load("profile=fromArgs", properties, env);
        assertEquals("fromArgs", config.profile());
        assertEquals(Log.Level.ERROR, config.log());
        assertEquals("us-west-2", config.region());
        assertEquals("agent arguments", config.origin(Option.PROFILE));
        assertEquals("-Dcredagent.log", config.origin(Option.LOG));
        assertEquals("environment variable CREDAGENT_REGION", config.origin(Option.REGION));
        assertNull(config.origin(Option.ENABLED));
        assertEquals("enabled=true, log=error [-Dcredagent.log], profile=fromArgs [agent arguments], "
                + "region=us-west-2 [environment variable CREDAGENT_REGION], intercept=standard, override=none, process-timeout=60, cache=shared, interactive=never",
                config.toString());
    }

    @Test
    void interceptionAndOverride() {
        AgentConfig config = AgentConfig.load("intercept=default-chains,override=static", NONE, NONE);
        assertEquals(Interception.DEFAULT_CHAINS, config.interception());
        assertEquals(OverrideMode.STATIC, config.override());
        assertEquals(Interception.ALL, AgentConfig.load(null, NONE, map("CREDAGENT_INTERCEPT", "ALL")).interception());
        ConfigException bad = assertThrows(ConfigException.class, () -> AgentConfig.load("override=keys", NONE, NONE));
        assertEquals("bad value 'keys' for option 'override' in agent arguments; accepted: none, report, static", bad.getMessage());
    }

    @Test
    void ignoresForeignSystemPropertiesAndVariables() {
        AgentConfig config = AgentConfig.load(null, map("aws.profile", "x", "credagentX", "y"),
                map("AWS_PROFILE", "x", "CREDAGENTPROFILE", "y"));
        assertNull(config.profile());
    }

    @Test
    void booleanAndLevelValuesIgnoreCase() {
        assertFalse(AgentConfig.load("enabled=FALSE", NONE, NONE).enabled());
        assertEquals(Log.Level.OFF, AgentConfig.load("log=Off", NONE, NONE).log());
    }

    @Test
    void unknownOptionInAgentArguments() {
        assertEquals("unknown option 'profle' in agent arguments; known options: enabled, log, profile, region, intercept, override, process-timeout, cache, interactive",
                failure("profle=app", NONE, NONE));
    }

    @Test
    void unknownOptionInSystemProperties() {
        assertEquals("unknown option 'profle' in -Dcredagent.profle; known options: enabled, log, profile, region, intercept, override, process-timeout, cache, interactive",
                failure(null, map("credagent.profle", "app"), NONE));
    }

    @Test
    void unknownOptionInEnvironment() {
        assertEquals("unknown option 'profle' in environment variable CREDAGENT_PROFLE; known options: enabled, log, profile, region, intercept, override, process-timeout, cache, interactive",
                failure(null, NONE, map("CREDAGENT_PROFLE", "app")));
    }

    @Test
    void badLogValue() {
        assertEquals("bad value 'loud' for option 'log' in -Dcredagent.log; accepted: off, error, info, debug",
                failure(null, map("credagent.log", "loud"), NONE));
        assertEquals("bad value 'loud' for option 'log' in agent arguments; accepted: off, error, info, debug",
                failure("log=loud", NONE, NONE));
    }

    @Test
    void badEnabledValue() {
        assertEquals("bad value 'yes' for option 'enabled' in environment variable CREDAGENT_ENABLED; accepted: true, false",
                failure(null, NONE, map("CREDAGENT_ENABLED", "yes")));
    }

    @Test
    void badRegionValue() {
        assertEquals("bad value 'Europe' for option 'region' in agent arguments; accepted: an AWS region name such as eu-west-1",
                failure("region=Europe", NONE, NONE));
    }

    @Test
    void emptyValuesAreErrors() {
        assertEquals("empty value for option 'profile' in agent arguments; "
                + "accepted: a profile name from ~/.aws/config or ~/.aws/credentials", failure("profile=", NONE, NONE));
        assertEquals("empty value for option 'region' in -Dcredagent.region; accepted: an AWS region name such as eu-west-1",
                failure(null, map("credagent.region", "  "), NONE));
        assertEquals("empty value for option 'profile' in environment variable CREDAGENT_PROFILE; "
                + "accepted: a profile name from ~/.aws/config or ~/.aws/credentials", failure(null, NONE, map("CREDAGENT_PROFILE", "")));
    }

    @Test
    void entryWithoutEqualsSign() {
        assertEquals("malformed entry 'profile' in agent arguments: missing '=value'; expected comma-separated key=value pairs, "
                + "e.g. -javaagent:credagent.jar=profile=app,region=eu-west-1", failure("profile", NONE, NONE));
    }

    @Test
    void entryWithoutName() {
        assertEquals("malformed entry '=x' in agent arguments: missing option name before '='; expected comma-separated "
                + "key=value pairs, e.g. -javaagent:credagent.jar=profile=app,region=eu-west-1", failure("=x", NONE, NONE));
    }

    @Test
    void emptyEntries() {
        String expected = "empty entry in agent arguments 'profile=a,,log=info': remove the extra comma; expected "
                + "comma-separated key=value pairs, e.g. -javaagent:credagent.jar=profile=app,region=eu-west-1";
        assertEquals(expected, failure("profile=a,,log=info", NONE, NONE));
        assertTrue(failure("profile=a,", NONE, NONE).startsWith("empty entry in agent arguments 'profile=a,'"));
        assertTrue(failure(",profile=a", NONE, NONE).startsWith("empty entry in agent arguments ',profile=a'"));
    }

    @Test
    void optionGivenTwice() {
        assertEquals("option 'profile' given twice in agent arguments; keep one", failure("profile=a,profile=b", NONE, NONE));
    }

    @Test
    void weakerSourcesAreCheckedEvenWhenOverridden() {
        assertEquals("bad value 'loud' for option 'log' in environment variable CREDAGENT_LOG; accepted: off, error, info, debug",
                failure("log=debug", NONE, map("CREDAGENT_LOG", "loud")));
    }

    @Test
    void everyOptionHasDocumentation() {
        for (Option option : Option.values()) {
            assertFalse(option.description().isEmpty(), option.key());
            assertFalse(option.acceptedValues().isEmpty(), option.key());
            assertEquals("credagent." + option.key(), option.systemProperty());
            assertTrue(option.environmentVariable().startsWith("CREDAGENT_"), option.key());
        }
    }
}
