package io.credagent.it.apps;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A host that isolates its plugin the strictest way: a class loader with no parent (the JDK only)
 * that loads the plugin and its SDK from the class path itself and refuses every {@code io.credagent.*}
 * class, as package-filtering loaders refuse what they do not know. Runs {@code args[0]}'s main
 * inside it with the remaining arguments.
 */
public final class RefusingLoaderApp {
    private RefusingLoaderApp() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        ClassLoader plugin = new RefusingLoader(urls.toArray(new URL[0]));
        Thread.currentThread().setContextClassLoader(plugin);
        Class.forName(args[0], true, plugin).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    static final class RefusingLoader extends URLClassLoader {
        RefusingLoader(URL[] urls) {
            super(urls, null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.credagent.") && !name.startsWith("io.credagent.it.")) {
                throw new ClassNotFoundException(name + " is not visible to plugins");
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public String toString() {
            return "RefusingLoader";
        }
    }
}
