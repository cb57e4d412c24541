using System.Runtime.Versioning;

// The network-lab tests time packets and compare captures: running them side by side on two cores would
// make them compete for the CPU and the kernel's rings, so the assembly runs one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Network namespaces, veth pairs, setns and file capabilities: Linux only.
[assembly: SupportedOSPlatform("linux")]
