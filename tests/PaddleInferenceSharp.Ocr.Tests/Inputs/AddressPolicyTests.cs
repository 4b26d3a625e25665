using System.Net;
using PaddleInferenceSharp.Ocr.Inputs;

namespace PaddleInferenceSharp.Ocr.Tests.Inputs;

public sealed class AddressPolicyTests
{
    [TestCase("127.0.0.1")]
    [TestCase("127.255.0.9")]
    [TestCase("10.1.2.3")]
    [TestCase("172.16.0.1")]
    [TestCase("172.31.255.255")]
    [TestCase("192.168.0.10")]
    [TestCase("169.254.169.254")]
    [TestCase("100.64.0.1")]
    [TestCase("0.0.0.0")]
    [TestCase("224.0.0.1")]
    [TestCase("255.255.255.255")]
    [TestCase("::1")]
    [TestCase("::")]
    [TestCase("fe80::1")]
    [TestCase("fd00::1")]
    [TestCase("::ffff:10.0.0.1")]
    [TestCase("2001:db8::1")]
    public void Non_public_addresses_are_refused(string address) =>
        Assert.That(AddressPolicy.IsNonPublic(IPAddress.Parse(address)), Is.True);

    [TestCase("8.8.8.8")]
    [TestCase("172.32.0.1")]
    [TestCase("100.128.0.1")]
    [TestCase("93.184.216.34")]
    [TestCase("2606:4700:4700::1111")]
    [TestCase("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.That(AddressPolicy.IsNonPublic(IPAddress.Parse(address)), Is.False);
}
