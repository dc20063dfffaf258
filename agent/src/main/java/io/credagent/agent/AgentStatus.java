package io.credagent.agent;

import io.credagent.answer.CredentialAnswerer;
import io.credagent.answer.IdentitySources;
import io.credagent.cache.RefreshingSource;
import io.credagent.credentials.Credentials;
import io.credagent.config.AgentConfig;
import io.credagent.log.Mask;
import io.credagent.status.CredentialsStatus;
import io.credagent.status.IdentityView;
import io.credagent.status.LookupView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Feeds the status MXBean from the agent's identities and answerer, read at the moment it is asked. */
final class AgentStatus {

    private AgentStatus() {
    }

    static CredentialsStatus of(String version, AgentConfig config, IdentitySources sources, CredentialAnswerer answerer) {
        return new CredentialsStatus(version, config.toString(), () -> identities(sources),
                () -> lookups(answerer), answerer::staticKeys, answerer::defects);
    }

    private static IdentityView[] identities(IdentitySources sources) {
        List<IdentityView> views = new ArrayList<>();
        for (Map.Entry<String, RefreshingSource> identity : sources.identities().entrySet()) {
            RefreshingSource.Status status = identity.getValue().status();
            Credentials current = status.credentials;
            views.add(new IdentityView(identity.getKey(),
                    current == null ? "" : current.source(),
                    current == null ? "" : Mask.accessKeyId(current.accessKeyId()),
                    current == null || current.expiration() == null ? "" : current.expiration().toString(),
                    text(status.lastRefresh), text(status.nextRefresh), status.refreshes, status.failures,
                    status.lastError == null ? "" : status.lastError));
        }
        return views.toArray(new IdentityView[0]);
    }

    private static LookupView[] lookups(CredentialAnswerer answerer) {
        List<LookupView> views = new ArrayList<>();
        for (Map.Entry<String, Long> entry : answerer.lookups().entrySet()) {
            views.add(new LookupView(entry.getKey(), entry.getValue()));
        }
        return views.toArray(new LookupView[0]);
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
