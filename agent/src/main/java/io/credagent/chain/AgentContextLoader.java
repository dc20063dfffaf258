package io.credagent.chain;

import java.util.function.Supplier;

/**
 * Runs work of the bundled SDK v2 with the agent's class loader as the thread's context class
 * loader: the SDK finds its HTTP client and the SSO/SSO-OIDC factories through service lookups on
 * that loader, which on an application thread would find the application's own SDK copy (or none).
 */
final class AgentContextLoader {

    private AgentContextLoader() {
    }

    static <T> T call(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(AgentContextLoader.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
