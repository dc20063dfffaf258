package io.credagent.status;

import io.credagent.log.Log;

import javax.management.InstanceAlreadyExistsException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The MXBean's implementation, fed by the agent; registered once, in the background,
 * {@value #REGISTRATION_DELAY_MILLIS} ms after the agent creates its first identity at the first
 * lookup (so an application that never asks pays nothing, and a JVM with {@code enabled=false} has
 * none). The delay keeps the platform MBean server's start (about 200 classes, some 50 ms of a
 * core) off the application's first call, which it would otherwise compete with on a small host. Registration opens no port: remote access is the JVM's own
 * management agent's business ({@code status} starts its local one through the attach API).
 */
public final class CredentialsStatus implements CredentialsMXBean {

    public static final String NAME = "io.credagent:type=Credentials";
    /** How long after the first lookup the MXBean appears; {@code status} waits a little longer for it. */
    public static final long REGISTRATION_DELAY_MILLIS = 5_000;

    private final String version;
    private final String options;
    private final Supplier<IdentityView[]> identities;
    private final Supplier<LookupView[]> lookups;
    private final Supplier<String[]> staticKeys;
    private final LongSupplier defects;
    private final AtomicBoolean registered = new AtomicBoolean();

    public CredentialsStatus(String version, String options, Supplier<IdentityView[]> identities,
                             Supplier<LookupView[]> lookups, Supplier<String[]> staticKeys, LongSupplier defects) {
        this.version = version;
        this.options = options;
        this.identities = identities;
        this.lookups = lookups;
        this.staticKeys = staticKeys;
        this.defects = defects;
    }

    /** Registers this MXBean on a daemon thread, the first time only; a failure is said once. */
    public void registerOnce() {
        if (!registered.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::register, "credagent-status");
        thread.setDaemon(true);
        thread.start();
    }

    private void register() {
        try {
            Thread.sleep(REGISTRATION_DELAY_MILLIS);
        } catch (InterruptedException e) {
            return; // the JVM is going away
        }
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, new ObjectName(NAME));
        } catch (InstanceAlreadyExistsException e) {
            // attached a second time: the first registration answers
        } catch (Exception | LinkageError e) {
            Log.error("cannot register the status MXBean " + NAME + " (" + e + "); credentials are not affected,"
                    + " only `status` and jconsole cannot show them");
        }
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getOptions() {
        return options;
    }

    @Override
    public IdentityView[] getIdentities() {
        return identities.get();
    }

    @Override
    public LookupView[] getLookups() {
        return lookups.get();
    }

    @Override
    public String[] getStaticKeys() {
        return staticKeys.get();
    }

    @Override
    public long getAgentDefects() {
        return defects.getAsLong();
    }
}
