# Jaga — the words printed on a PDF certificate, in English.
# Every key here must also be in id/certificate.ftl (tested).

cert-programme = Privacy and data-protection training
cert-title = Training Certificate
cert-presented-to = This is to certify that
cert-employee-id = Employee ID
cert-completed = has completed and passed the training module
cert-passed-on = Date passed
cert-valid-until = Valid until
cert-revision = Content revision
cert-code = Verification code
cert-issued-by = Issued by Jaga
cert-issued-by-org = Issued by { $organisation }
cert-check = A manager can check this code against the training records in Jaga
month-long-1 = January
month-long-2 = February
month-long-3 = March
month-long-4 = April
month-long-5 = May
month-long-6 = June
month-long-7 = July
month-long-8 = August
month-long-9 = September
month-long-10 = October
month-long-11 = November
month-long-12 = December
