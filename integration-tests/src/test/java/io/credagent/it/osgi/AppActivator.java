package io.credagent.it.osgi;

import java.util.Arrays;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Starts the app bundle: runs the unmodified app's {@code main} (a class inside this bundle) on a
 * thread of its own, whose context class loader is this bundle's loader, as OSGi applications set
 * it for libraries that use the context loader (SDK v2 finds its HTTP client that way). The app
 * ends the JVM with its exit code.
 */
public final class AppActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) throws Exception {
        String main = context.getProperty(OsgiHost.APP_MAIN);
        String[] args = context.getProperty(OsgiHost.APP_ARGS).split(",");
        ClassLoader bundleLoader = AppActivator.class.getClassLoader();
        System.err.println("osgi: app " + main + " " + Arrays.toString(args) + " in " + bundleLoader);
        Thread app = new Thread(() -> {
            try {
                Class.forName(main, true, bundleLoader).getMethod("main", String[].class).invoke(null, (Object) args);
            } catch (Throwable t) {
                Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
                System.out.println("ERROR=" + cause);
                cause.printStackTrace();
                System.exit(4);
            }
        }, "app-main");
        app.setContextClassLoader(bundleLoader);
        app.start();
    }

    @Override
    public void stop(BundleContext context) {
    }
}
