using HotlineTelephony.Sip.Authentication;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Registrar;
using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Sip.Tests.Registrar;

/// <summary>A registrar on fake time with extensions 1001–1010 and a loopback trunk.</summary>
internal sealed class RegistrarHarness
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public RegistrarHarness()
    {
        var extensions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1001; i <= 1010; i++)
        {
            extensions[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = "pw-" + i;
        }

        Settings = new RegistrarSettings { Extensions = extensions };
        Store = new InMemoryLocationStore(Time);
        Nonces = new NonceService(NonceService.CreateSecret(), Time, Settings.NonceLifetime);
        TrustedPeers = new TrustedPeers(
        [
            TrustedPeer.Create("loopback trunk", "127.0.0.1", TrustedPeerKind.Carrier),
            TrustedPeer.Create("carrier", "10.1.0.0/16", TrustedPeerKind.Carrier),
            TrustedPeer.Create("emergency gateway", "2001:db8:110::/48", TrustedPeerKind.Emergency),
        ]);
        Authenticator = new SipRequestAuthenticator(Settings.Realm, Settings.Extensions, TrustedPeers, Nonces, Time);
        Registrar = new SipRegistrar(Settings, Authenticator, Store, Time);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public RegistrarSettings Settings { get; }

    public InMemoryLocationStore Store { get; }

    public NonceService Nonces { get; }

    public TrustedPeers TrustedPeers { get; }

    public SipRequestAuthenticator Authenticator { get; }

    public SipRegistrar Registrar { get; }

    public FakeSoftphone Phone(string extension, string? password = null, string privateHost = "192.168.1.10", int publicPort = 40000) =>
        new(extension, password ?? "pw-" + extension, privateHost, publicPort: publicPort);

    public SipResponse Send(FakeSoftphone phone, SipRequest request) =>
        Registrar.ProcessAsync(request, phone.Source).AsTask().GetAwaiter().GetResult();

    /// <summary>Sends a REGISTER, answers the 401 like a phone would, and returns the final answer.</summary>
    public SipResponse Register(FakeSoftphone phone, IEnumerable<string>? contacts = null, string? expires = null)
    {
        var first = Send(phone, phone.CreateRegister(contacts, expires));
        if (first.StatusCode != 401)
        {
            return first;
        }

        phone.Accept(first);
        return Send(phone, phone.CreateRegister(contacts, expires));
    }

    public IReadOnlyList<ContactBinding> Bindings(string aor) => Store.GetAsync(aor).AsTask().GetAwaiter().GetResult();
}
