package dev.authlab.authn.webhook;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewSpec;

/**
 * A webhook's decision about one token: what a lab writes to run its own token authentication
 * service behind {@link TokenReviewWebhookServer}. The spec it gets always has a token (possibly
 * empty) and an audiences list (possibly empty), never null.
 */
@FunctionalInterface
public interface TokenReviewHandler {

  TokenReviewDecision review(TokenReviewSpec spec);
}
