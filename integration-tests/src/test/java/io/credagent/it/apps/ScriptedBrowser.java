package io.credagent.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The person at the desktop, as a {@code BROWSER} command: opens the URL it is given and follows
 * redirects (the fake's login page approves, then redirects to credagent's loopback callback).
 * Arguments: a file to append each opened URL to, what the person adds to the URL (the fake's
 * {@code &deny=true} to refuse; empty to approve) or, as {@code POST <form fields>}, what the
 * person types into the page's form and sends (credagent's MFA code page), then the URL.
 */
public final class ScriptedBrowser {
    private ScriptedBrowser() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[0]), args[2] + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        if (args[1].startsWith("POST ")) {
            HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(args[2])).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (form.statusCode() != 200 || !form.body().contains("<form method=\"post\">")) {
                System.exit(1);
            }
            HttpResponse<String> sent = browser.send(HttpRequest.newBuilder(URI.create(args[2]))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(args[1].substring("POST ".length()))).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.exit(sent.statusCode() == 200 && sent.body().contains("passed to credagent") ? 0 : 1);
        }
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(args[2] + args[1])).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        System.exit(page.statusCode() == 200 ? 0 : 1);
    }
}
