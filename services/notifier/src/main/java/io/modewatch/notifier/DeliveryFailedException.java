package io.modewatch.notifier;

/**
 * An alert some target refused after every try. The record is fine (another try later may
 * succeed), so it is dead-lettered at stage PROCESSING, not VALIDATION.
 */
final class DeliveryFailedException extends RuntimeException {

    DeliveryFailedException(String message) {
        super(message);
    }
}
