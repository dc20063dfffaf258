package io.credagent.it.osgi;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Embeds whichever OSGi framework is on the class path (Apache Felix or Eclipse Equinox, found
 * through the standard {@link FrameworkFactory} service) with its default settings, as an
 * application embedding OSGi does: only a storage directory is configured, so boot delegation is
 * the framework's strict default. Installs and starts the given bundles; the app bundle's
 * {@link AppActivator} runs the app and ends the JVM with its exit code.
 *
 * <p>Arguments: storage directory, the app's main class, its arguments joined by {@code ,}, then
 * the bundle jars in installation order.
 */
public final class OsgiHost {
    static final String APP_MAIN = "credagent.it.app.main";
    static final String APP_ARGS = "credagent.it.app.args";

    private OsgiHost() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, args[0]);
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(APP_MAIN, args[1]);
        config.put(APP_ARGS, args[2]);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework framework = factory.newFramework(config);
        framework.start();
        System.err.println("osgi: " + framework.getSymbolicName() + " " + framework.getVersion());
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            bundles.add(context.installBundle(new File(args[i]).toURI().toString()));
        }
        for (Bundle bundle : bundles) {
            bundle.start();
        }
        framework.waitForStop(0); // the app ends the JVM
    }
}
