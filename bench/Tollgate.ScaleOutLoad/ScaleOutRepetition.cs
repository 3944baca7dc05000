namespace Tollgate.ScaleOutLoad;

/// <summary>One interleaved triple: RAW, then E2E with one collector, then E2E with two, on the same events.</summary>
internal sealed record ScaleOutRepetition(int Number, RawResult Raw, EndToEndResult OneCollector, EndToEndResult TwoCollectors);
