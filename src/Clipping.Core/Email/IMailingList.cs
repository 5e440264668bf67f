namespace Clipping.Email;

/// <summary>Where subscribers are kept: both stores implement it beside <see cref="Storage.IClippingStore"/>, with one contract test suite.</summary>
public interface IMailingList
{
    Task<Subscriber?> GetSubscriberAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every subscription of one address (by <see cref="Subscriber.AddressKey"/>), or every subscriber when null.</summary>
    Task<IReadOnlyList<Subscriber>> GetSubscribersAsync(string? addressKey, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a subscriber only if no one else has meanwhile: a new one (<see cref="Subscriber.Version"/> null) only when
    /// none with its id exists, an existing one only when its stored version is still the one read. Otherwise
    /// nothing is changed (null is returned; else the record as saved, with its new version). This is what lets only one of several instances claim a digest.
    /// </summary>
    Task<Subscriber?> SaveSubscriberAsync(Subscriber subscriber, CancellationToken cancellationToken);

    Task DeleteSubscriberAsync(string id, CancellationToken cancellationToken);
}
