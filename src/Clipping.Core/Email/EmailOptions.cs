namespace Clipping.Email;

/// <summary>Email digests (<c>Clipping:Email:*</c>): off, and the subscribe form hidden, until a host and a sender are set.</summary>
public sealed class EmailOptions
{
    /// <summary>The default send time: 07:00 every day, in the site's time zone (weekly digests go on Mondays).</summary>
    public const string DefaultSchedule = "0 0 7 * * *";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The sender, as mail clients show it: "Big Society clippings &lt;clippings@example.org&gt;" or a bare address.</summary>
    public string? From { get; set; }

    /// <summary>When digests go: six-field NCRONTAB in the site's time zone (<c>Clipping:Site:TimeZone</c>).</summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>
    /// The Azure Storage queue the Functions app fans digests out over (its queue trigger reads the same setting, so the
    /// host needs it whether email is on or not). The self-host sends in-process and does not read it.
    /// </summary>
    public string? Queue { get; set; }

    /// <summary>Digests sent per queue message on the Functions host (and per batch in-process).</summary>
    public int SubscribersPerBatch { get; set; } = 200;

    /// <summary>The most clippings one digest lists; the rest are a link to the site.</summary>
    public int MaxClippings { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Smtp.Host) && !string.IsNullOrWhiteSpace(From);
}

/// <summary>How the SMTP server is reached.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    /// <summary>587 (submission with STARTTLS) unless set; 465 is usual with <see cref="SmtpSecurity.SslOnConnect"/>, 25 for a local relay.</summary>
    public int? Port { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public int EffectivePort => Port ?? Security switch { SmtpSecurity.SslOnConnect => 465, SmtpSecurity.None => 25, _ => 587 };
}

public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, which must be offered (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>No TLS: only for a relay on the same machine or network.</summary>
    None,
}
