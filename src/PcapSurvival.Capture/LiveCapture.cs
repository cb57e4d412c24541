using System.Globalization;
using SharpPcap;
using SharpPcap.LibPcap;
using LinkType = PcapSurvival.Core.Reading.LinkType;

namespace PcapSurvival.Capture;

/// <summary>
/// One live capture: the device (immediate delivery, nanosecond timestamps, a kernel ring of the size asked for),
/// the optional pcap file, and the queue the analysis reads from.
/// SharpPcap's capture thread does only cheap work per packet: append it to the file (the file gets every packet the
/// kernel delivers) and copy it into <see cref="Queue"/> (which drops, counted, rather than wait). On
/// <see cref="Stop"/> it drains what the kernel ring still holds (breakloop does not empty it).
/// </summary>
public sealed class LiveCapture : IDisposable
{
    private const int ReadTimeoutMs = 250;
    private const int StatisticsIntervalMs = 100;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(1);

    private readonly LibPcapLiveDevice _device;
    private readonly long _limit;
    private readonly int _snaplen;
    private readonly object _fileLock = new();
    private readonly object _statisticsLock = new();
    private readonly ManualResetEventSlim _captureStopped = new(false);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ICaptureFileWriter? _writer;
    private Timer? _flushTimer;
    private long _captured;
    private long _nextStatisticsTick;
    private KernelStatistics _kernel;
    private volatile string? _failure;
    private volatile string? _writeFailure;
    private bool _fileClosed;
    private bool _started;
    private bool _stopped;
    private volatile bool _stopping;

    private LiveCapture(LibPcapLiveDevice device, LiveCaptureOptions options, IReadOnlyList<string> warnings)
    {
        _device = device;
        _limit = options.PacketLimit ?? long.MaxValue;
        _snaplen = options.Snaplen;
        Warnings = warnings;
        LinkType = (LinkType)(int)device.LinkType;
        TimestampDigits = device.TimestampResolution == TimestampResolution.Nanosecond ? 9 : 6;
        Queue = new PacketQueue(Math.Max(options.QueueBytes, options.Snaplen), options.QueuePackets);
    }

    public string InterfaceName => _device.Name;

    public LinkType LinkType { get; }

    /// <summary>9 when the kernel gives nanosecond timestamps (it does on Linux), else 6.</summary>
    public int TimestampDigits { get; }

    /// <summary>Settings libpcap could not apply (the capture still runs).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public PacketQueue Queue { get; }

    /// <summary>Packets taken from the kernel (and written to the file, when there is one).</summary>
    public long Captured => Volatile.Read(ref _captured);

    /// <summary>libpcap's counters, refreshed by the capture thread about ten times a second and after the drain.</summary>
    public KernelStatistics Kernel
    {
        get
        {
            lock (_statisticsLock)
            {
                return _kernel;
            }
        }
    }

    public string? WritePath => _writer?.Name;

    /// <summary>Why the capture stopped by itself (interface gone, libpcap error), if it did.</summary>
    public string? Failure => _failure;

    /// <summary>Why writing the file failed, if it did.</summary>
    public string? WriteFailure => _writeFailure;

    /// <summary>Completes when the capture ends by itself: the packet limit was reached, or the device failed.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Opens the device and applies the filter.</summary>
    /// <exception cref="CaptureDeviceException">No such interface, no permission, interface down, or libpcap refused.</exception>
    /// <exception cref="BpfFilterException">The filter does not compile for this device.</exception>
    /// <exception cref="LibpcapMissingException">libpcap is not installed.</exception>
    public static LiveCapture Open(LiveCaptureOptions options)
    {
        var devices = CaptureInterfaces.Devices();
        var device = devices.FirstOrDefault(d => d.Name == options.Interface);
        if (device is null && int.TryParse(options.Interface, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            && number >= 1 && number <= devices.Count)
        {
            device = devices[number - 1];
        }

        if (device is null)
        {
            throw new CaptureDeviceException(CaptureError.NoSuchInterface, options.Interface, $"no such interface: {options.Interface}")
            {
                Available = devices.Select(d => d.Name).ToList(),
            };
        }

        var warnings = new List<string>();
        var configuration = new DeviceConfiguration
        {
            Snaplen = options.Snaplen,
            Mode = options.Promiscuous ? DeviceModes.Promiscuous : DeviceModes.None,
            BufferSize = options.BufferBytes,
            ReadTimeout = ReadTimeoutMs,
            Immediate = true,
            TimestampResolution = TimestampResolution.Nanosecond,
        };

        // Without a handler SharpPcap throws for a setting libpcap lacks; a warning is enough (e.g. µs timestamps).
        configuration.ConfigurationFailed += (_, failure) => warnings.Add(
            failure.Property == nameof(DeviceConfiguration.TimestampResolution) && string.IsNullOrWhiteSpace(failure.Message)
                ? "nanosecond timestamps are not available on this interface: microseconds"
                : $"{failure.Property}: {(string.IsNullOrWhiteSpace(failure.Message) ? "not supported here" : failure.Message)}");
        try
        {
            device.Open(configuration);
        }
        catch (PcapException e)
        {
            string detail = LastError(device);
            device.Close();
            throw OpenFailure(device.Name, e, detail, devices);
        }
        catch (Exception e) when (CaptureInterfaces.IsLibpcapMissing(e))
        {
            throw new LibpcapMissingException(e);
        }

        if (options.Filter is { } filter)
        {
            try
            {
                device.Filter = filter;
            }
            catch (PcapException e)
            {
                device.Close();
                throw new BpfFilterException(filter, e.Message, e);
            }
        }

        return new LiveCapture(device, options, warnings);
    }

    /// <summary>Writes every captured packet to a pcap file (nanosecond timestamps, original lengths). Call before <see cref="Start"/>.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public void WriteTo(string path, CaptureRotation? rotation = null)
    {
        if (rotation is { Rotates: true })
        {
            _writer = new RotatingCaptureFileWriter(
                path, rotation, (int)_device.LinkType, _snaplen, _device.TimestampResolution == TimestampResolution.Nanosecond,
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
            return;
        }

        var writer = new FlushingCaptureFileWriter(path);
        try
        {
            // A full configuration, not Open(device): that one keeps SharpPcap's 65536 snaplen and µs timestamps.
            writer.Open(new DeviceConfiguration
            {
                LinkLayerType = _device.LinkType,
                Snaplen = _snaplen,
                TimestampResolution = _device.TimestampResolution,
            });
        }
        catch (PcapException e)
        {
            writer.Dispose();
            throw new IOException(e.Message, e);
        }

        _writer = writer;
    }

    public void Start()
    {
        _device.OnPacketArrival += OnPacketArrival;
        _device.OnCaptureStopped += OnCaptureStopped;
        _nextStatisticsTick = Environment.TickCount64 + StatisticsIntervalMs;
        if (_writer is not null)
        {
            _flushTimer = new Timer(_ => FlushFile(), null, FlushInterval, FlushInterval);
        }

        _started = true;
        _device.StartCapture();
    }

    /// <summary>
    /// Stops capturing, drains what the kernel still holds (for at most a second, since traffic may still be
    /// flowing), reads the final statistics, closes the file and completes the queue.
    /// </summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _stopping = true;
        if (_started)
        {
            // StopCapture gives up waiting after its timeout and returns with the thread still running:
            // wait for the thread's own stop event before touching the device from here.
            _device.StopCaptureTimeout = StopTimeout;
            _device.StopCapture();
            // Draining from here while the capture thread still ran would give the queue two producers.
            bool threadEnded = _captureStopped.Wait(StopTimeout);
            if (threadEnded && Captured < _limit && _failure is null)
            {
                Drain();
            }
        }

        RefreshStatistics();
        _flushTimer?.Dispose();
        lock (_fileLock)
        {
            if (_writer is { } writer && !_fileClosed)
            {
                FlushFileLocked(writer);
                writer.Close();
            }

            _fileClosed = true;
        }

        Queue.Complete();
    }

    public void Dispose()
    {
        if (_started && !_stopped)
        {
            _stopping = true;
            _device.StopCapture();
        }

        _flushTimer?.Dispose();
        lock (_fileLock)
        {
            _writer?.Dispose();
        }

        _device.OnPacketArrival -= OnPacketArrival;
        _device.OnCaptureStopped -= OnCaptureStopped;
        _device.Dispose();
        Queue.Dispose();
        _captureStopped.Dispose();
    }

    private static CaptureDeviceException OpenFailure(string name, PcapException e, string detail, LibPcapLiveDeviceList devices) => e.Error switch
    {
        PcapError.PermissionDenied or PcapError.PromiscuousPermissionDenied =>
            new CaptureDeviceException(CaptureError.PermissionDenied, name, $"permission denied capturing on {name}{detail}", e),
        PcapError.InterfaceNotUp => new CaptureDeviceException(CaptureError.InterfaceDown, name, $"interface {name} is down{detail}", e),
        PcapError.NoSuchDevice => new CaptureDeviceException(CaptureError.NoSuchInterface, name, $"no such interface: {name}{detail}", e)
        {
            Available = devices.Select(d => d.Name).Where(n => n != name).ToList(),
        },
        _ => new CaptureDeviceException(CaptureError.Failed, name, $"cannot capture on {name}: {e.Message}{detail}", e),
    };

    /// <summary>libpcap's own words, which SharpPcap leaves out of its exception ("socket: Operation not permitted").</summary>
    private static string LastError(PcapDevice device)
    {
        try
        {
            string text = device.LastError;
            return string.IsNullOrWhiteSpace(text) ? "" : $" ({text.Trim()})";
        }
        catch (Exception)
        {
            return "";
        }
    }

    private void OnPacketArrival(object sender, PacketCapture e)
    {
        try
        {
            Handle(e.Data, (PcapHeader)e.Header);
        }
        catch (Exception ex)
        {
            // An exception escaping here would end SharpPcap's capture task silently.
            Fail($"capture on {InterfaceName} failed: {ex.Message}");
        }
    }

    private void Handle(ReadOnlySpan<byte> data, PcapHeader header)
    {
        long frame = _captured + 1;
        if (frame > _limit)
        {
            return;
        }

        if (_writer is not null)
        {
            lock (_fileLock)
            {
                if (!_fileClosed)
                {
                    _writer.Write(data, ref header);
                }
            }
        }

        Queue.TryEnqueue(frame, TimestampNs(header.Timeval), (int)header.PacketLength, data);
        Volatile.Write(ref _captured, frame);
        if (frame == _limit)
        {
            _ended.TrySetResult();
        }

        long now = Environment.TickCount64;
        if (now >= _nextStatisticsTick)
        {
            // pcap_stats accumulates the kernel's read-and-reset counters inside the pcap_t, so it is called
            // from the thread that owns the handle rather than from a timer.
            _nextStatisticsTick = now + StatisticsIntervalMs;
            RefreshStatistics();
        }
    }

    /// <summary>After StopCapture: read on without blocking until the ring is empty (libraries.md 2.8).</summary>
    private void Drain()
    {
        try
        {
            _device.NonBlockingMode = true;
            long deadline = Environment.TickCount64 + (long)DrainLimit.TotalMilliseconds;
            while (Captured < _limit && Environment.TickCount64 < deadline
                && _device.GetNextPacket(out PacketCapture packet) == GetPacketStatus.PacketRead)
            {
                Handle(packet.Data, (PcapHeader)packet.Header);
            }
        }
        catch (PcapException)
        {
            // The device went away: nothing is left to drain.
        }
    }

    private static long TimestampNs(PosixTimeval time) => (long)(time.Value * 1_000_000_000m);

    private void RefreshStatistics()
    {
        try
        {
            if (LibpcapNative.TryGetStats(_device.Handle, out var stat))
            {
                lock (_statisticsLock)
                {
                    _kernel = new KernelStatistics(stat.Received, stat.Dropped, stat.InterfaceDropped);
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: keep the last figures.
        }
    }

    private void OnCaptureStopped(object sender, CaptureStoppedEventStatus status)
    {
        if (status == CaptureStoppedEventStatus.ErrorWhileCapturing && !_stopping)
        {
            Fail($"capture on {InterfaceName} failed{LastError(_device)}");
        }

        _captureStopped.Set();
    }

    private void Fail(string message)
    {
        _failure ??= message;
        _ended.TrySetResult();
    }

    private void FlushFile()
    {
        lock (_fileLock)
        {
            if (_writer is { } writer && !_fileClosed)
            {
                FlushFileLocked(writer);
            }
        }
    }

    private void FlushFileLocked(ICaptureFileWriter writer)
    {
        try
        {
            writer.Flush();
        }
        catch (IOException e)
        {
            _writeFailure ??= e.Message;
        }
    }
}
